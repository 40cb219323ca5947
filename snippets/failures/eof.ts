/** The peer closes its side without sending a thing: no error, an 'end' event. */
export function endOfFile(): Promise<Outcome> {
  return withServer(
    (socket) => socket.end(),
    async (port) => {
      const socket = connect(port, HOST);
      let bytes = 0;
      socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
      await once(socket, 'end', { signal: timeLimit() });
      const detail = `the peer finished sending after ${bytes} bytes`;
      return { seen: 'end', detail };
    },
  );
}
