import * as encoding from 'lib0/encoding';

// Hocuspocus's framing of the y-websocket messages: each starts with the document's name, and a
// connection must authenticate (with any token, by default) before its other messages are read.

const MSG_AUTH = 2;
const AUTH_TOKEN = 0;

/** The message wrapped for Hocuspocus: the document's name, then the y-websocket message as is. */
export function addressed(document: string, message: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, document);
  encoding.writeUint8Array(e, message);
  return encoding.toUint8Array(e);
}

export function authMessage(document: string, token: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, document);
  encoding.writeVarUint(e, MSG_AUTH);
  encoding.writeVarUint(e, AUTH_TOKEN);
  encoding.writeVarString(e, token);
  return encoding.toUint8Array(e);
}

/** The y-websocket message inside a Hocuspocus one: what follows the document's name. */
export function unaddressed(buf: Uint8Array): Uint8Array {
  let len = 0;
  let mult = 1;
  let pos = 0;
  for (;;) {
    const byte = buf[pos++]!;
    len += (byte & 0x7f) * mult;
    if (byte < 0x80) break;
    mult *= 128;
  }
  return buf.subarray(pos + len);
}
