/** Serves the chat on PORT (4242) until Ctrl-C. */
async function main(): Promise<void> {
  const port = await start(portFromEnv(4242));
  stopOnSignal(closer(servers[0]!));  // before saying we're ready: a Ctrl-C may come next
  console.log(`A first server: the chat on http://${HOST}:${port}/`);
}

if (process.argv[1] === import.meta.filename) {
  (process.argv[2] === 'leaving' ? leaving() : main())
    .catch((error) => failProgram('first', error));
}
