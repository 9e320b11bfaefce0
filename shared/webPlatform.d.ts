// The one web-platform global shared code uses; browsers and Node 20 both provide it, neither lib is loaded here.
declare var crypto: { randomUUID(): string };
