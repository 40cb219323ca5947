async function main(): Promise<void> {
  const channels = new Channels();
  const server = serveTicks(channels);
  const port = portFromEnv(4001);
  let tick = 0;
  const clock = setInterval(() => {
    tick++;
    const data = `tick ${tick}\n${new Date().toISOString()}`;
    channels.publish('ticks', { event: 'tick', data });
  }, 1000);
  const close = closer(server); // hangs up on every open stream
  stopOnSignal(() => {
    clearInterval(clock);
    return close();
  });

  try {
    const actual = await listen(server, port);
    console.log('Publishing a tick every second. Watch it with:\n' +
      `  curl -N http://${HOST}:${actual}/`);
  } catch (error) {
    clearInterval(clock);
    fail(`pubsub: cannot listen on ${HOST}:${port}`, error);
  }
}

if (process.argv[1] === import.meta.filename) void main();
