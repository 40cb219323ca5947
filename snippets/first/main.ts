/** Serves the chat on PORT (4242) until Ctrl-C, with this file's `start` or a changed
 *  one; `name` opens the line that says where. */
export async function serveChat(name = 'A first server', begin = start): Promise<void> {
  const port = await begin(portFromEnv(4242));
  // Before saying we're ready: a Ctrl-C may come next.
  stopOnSignal(closer(servers.at(-1)!));
  console.log(`${name}: the chat on http://${HOST}:${port}/`);
}

if (process.argv[1] === import.meta.filename) {
  (process.argv[2] === 'leaving' ? leaving() : serveChat())
    .catch((error) => failProgram('first', error));
}
