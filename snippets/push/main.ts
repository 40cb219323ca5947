async function main(): Promise<void> {
  const ticks = new Ticks();
  const server = createPushServer(ticks);
  const port = portFromEnv(PUSH_PORT);
  const clock = setInterval(() => ticks.publish(), TICK_MS);
  const close = closer(server);
  const stop = () => {
    clearInterval(clock);
    return close();
  };
  const base = `http://${HOST}:${await serve('push', server, port, stop)}`;
  console.log(`An event every ${TICK_MS} ms, pushed two ways from ${base}.`);
  console.log('Stop with Ctrl-C. In another terminal, try:');
  console.log(`  curl -i '${base}/poll?after=0'    long-polling`);
  console.log(`  curl -N ${base}/events            Server-Sent Events`);
}

if (process.argv[1] === import.meta.filename) void main();
