// Hocuspocus in its default setup (in memory, no auth, no extensions), as a child process of the bench.
// Plain JavaScript so it runs on bare node, like the other reference.
import { Server } from '@hocuspocus/server';

const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  async onListen({ port }) {
    process.stdout.write(`hocuspocus listening on ${port}\n`);
  },
});
await server.listen();
