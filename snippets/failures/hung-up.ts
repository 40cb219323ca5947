/** How often the hang-up demonstration writes before it gives up on an error. */
const MAX_WRITES = 100;

/** The peer has hung up, and we don't notice: we keep writing. */
export function writeAfterHangUp(): Promise<Outcome> {
  return withServer(
    (socket) => socket.destroy(), // the server hangs up at once
    async (port) => {
      // allowHalfOpen: when the peer's side ends, keep ours open. (By default Node
      // ends ours as soon as the peer's ends, which is what most programs want.)
      const socket = connect({ port, host: HOST, allowHalfOpen: true });
      socket.resume();
      await once(socket, 'end', { signal: timeLimit() });

      const failure = nextError(socket);
      let writes = 0;
      while (!socket.destroyed && writes < MAX_WRITES) {
        socket.write('anyone there?\n'); // the first goes; its answer is a reset
        writes++;
        await sleep(10);
      }
      const error = await failure;
      const after = `after ${writes} write(s) to a peer that had hung up`;
      const detail = `${error.message} ${after}`;
      return { seen: error.code!, detail };
    },
  );
}
