const demos: Record<string, (port: number, ms: number) => Promise<unknown>> = {
  reconnect: (port) => reconnect(port), idle: (port, ms) => idle(port, ms),
  stalled: (port) => stalled(port),
};

/** Milliseconds from the command line: a whole number above 0, or the program was
 *  started wrongly. */
function msFrom(text: string): number {
  if (/^[1-9][0-9]*$/.test(text)) return Number(text);
  console.error(`ms must be a whole number of milliseconds, got ${JSON.stringify(text)}`);
  process.exit(2);
}

if (process.argv[1] === import.meta.filename) {
  const [name = '', ...args] = process.argv.slice(2);
  const run = demos[name];
  const demo = name === 'turn' ? () => turn()
    : name === 'first-with-heartbeat'
      ? () => firstWithHeartbeat(msFrom(args[0] ?? '15000'))
    : name === 'first-letting-go' ? () => firstLettingGo(128 * 1024)
    : name === 'first-with-replay' ? () => firstWithReplay(100)
    : run && (() => run(parsePort(args[0] ?? ''), msFrom(args[1] ?? '1000')));
  if (demo === undefined) {
    console.error('Usage: npx tsx chapters/pubsub-demos.ts turn | <demo> <port> [ms]');
    console.error('       npx tsx chapters/pubsub-demos.ts first-with-heartbeat [ms]');
    console.error('       npx tsx chapters/pubsub-demos.ts first-letting-go');
    console.error('       npx tsx chapters/pubsub-demos.ts first-with-replay');
    console.error(`  where <demo> is one of: ${Object.keys(demos).join(', ')}`);
    process.exit(2);
  }
  demo().catch((error) => fail('pubsub-demos', error));
}
