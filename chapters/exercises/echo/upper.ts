// Exercise echo/upper: an echo that answers in capitals,
// and still respects back-pressure.
// Check your work with: npm run exercise echo/upper
//
// `upperEcho` handles one connection, like `echo` in chapters/echo.ts: everything the
// client sends comes back upper-cased ("grüße" → "GRÜSSE"). A client that sends without
// reading must not make the server hold its whole flood in memory.
import type { Socket } from 'node:net';

export function upperEcho(socket: Socket): void {
  socket.on('data', (chunk: Buffer) => {
    // TODO: a chunk can end in the middle of a
    // character that takes several bytes in UTF-8.
    // TODO: stop reading from a client that doesn't read what we send (see `echo`).
    socket.write(chunk.toString('utf8').toUpperCase());
  });
}
