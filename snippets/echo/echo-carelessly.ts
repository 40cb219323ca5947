/** Writes every chunk straight back, whether or not the client reads it. */
export function echoCarelessly(socket: Socket): void {
  socket.on('data', (chunk) => socket.write(chunk));
}
