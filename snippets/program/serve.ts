/** Serves `server` on `port` until Ctrl-C, which runs `stop` (by default, `closer`'s);
 *  resolves with the port it got. A server that can't listen ends the program,
 *  saying so in one line that starts with `name`. */
export async function serve(
  name: string, server: Server, port: number, stop: () => unknown = closer(server),
): Promise<number> {
  stopOnSignal(stop);
  try {
    return await listen(server, port);
  } catch (error) {
    fail(`${name}: cannot listen on ${HOST}:${port}`, error);
  }
}
