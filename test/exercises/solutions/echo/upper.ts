// Reference solution for echo/upper. Kept out of the reader's way: read it after your own.
import type { Socket } from 'node:net';

export function upperEcho(socket: Socket): void {
  // Decoded text, not chunks of bytes: a character split between two chunks waits for its end.
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    if (!socket.write(text.toUpperCase())) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  });
}
