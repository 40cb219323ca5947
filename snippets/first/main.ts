/** Serves the chat on PORT (4242) until Ctrl-C. */
async function main(): Promise<void> {
  const port = await start(portFromEnv(4242));
  console.log(`A first server: the chat on http://${HOST}:${port}/`);
  stopOnSignal(closer(servers[0]!));
}

if (process.argv[1] === import.meta.filename) {
  (process.argv[2] === 'leaving' ? leaving() : main())
    .catch((error) => failProgram('first', error));
}
