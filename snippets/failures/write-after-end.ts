/** Our bug: we said goodbye with end(), then wrote. Node refuses, by itself. */
export function writeAfterEnd(): Promise<Outcome> {
  return withServer(
    (socket) => socket.resume(),
    async (port) => {
      const socket = connect(port, HOST);
      await once(socket, 'connect', { signal: timeLimit() });
      socket.end('goodbye\n');
      socket.write('one more thing\n');
      const error = await nextError(socket);
      return { seen: error.code!, detail: error.message };
    },
  );
}
