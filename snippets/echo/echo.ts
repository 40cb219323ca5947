/** Writes every chunk straight back; stops reading from a client that doesn't. */
export function echo(socket: Socket): void {
  socket.on('data', (chunk) => {
    const roomLeft = socket.write(chunk); // false: the high-water mark is reached
    if (!roomLeft) {
      socket.pause(); // read nothing more from this client...
      socket.once('drain', () => socket.resume()); // ...until it has caught up
    }
  });
}
