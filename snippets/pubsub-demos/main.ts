const demos: Record<string, (port: number, ms: number) => Promise<unknown>> = {
  reconnect: (port) => reconnect(port), idle: (port, ms) => idle(port, ms),
  stalled: (port) => stalled(port),
};

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '', ms = '1000'] = process.argv.slice(2);
  const run = demos[name];
  const demo = name === 'turn' ? () => turn()
    : name === 'first-with-heartbeat' ? () => firstWithHeartbeat(+(port || 15_000))
    : name === 'first-letting-go' ? () => firstLettingGo(128 * 1024)
    : run && (() => run(parsePort(port), +ms));
  if (demo === undefined) {
    console.error('Usage: npx tsx chapters/pubsub-demos.ts turn | <demo> <port> [ms]');
    console.error('       npx tsx chapters/pubsub-demos.ts first-with-heartbeat [ms]');
    console.error('       npx tsx chapters/pubsub-demos.ts first-letting-go');
    console.error(`  where <demo> is one of: ${Object.keys(demos).join(', ')}`);
    process.exit(2);
  }
  demo().catch((error) => fail('pubsub-demos', error));
}
