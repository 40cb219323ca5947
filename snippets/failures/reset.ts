/** The peer aborts the connection: here on purpose, usually by crashing. */
export function connectionReset(): Promise<Outcome> {
  return withServer(
    // On our first bytes the server sends a reset (RST), not a goodbye (FIN).
    (socket) => socket.once('data', () => socket.resetAndDestroy()),
    async (port) => {
      const socket = connect(port, HOST);
      socket.write('hello?\n');
      const error = await nextError(socket);
      const detail = `${error.message}: the peer reset the connection`;
      return { seen: error.code!, detail };
    },
  );
}
