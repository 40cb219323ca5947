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
  const stop = () => {
    clearInterval(clock);
    return close();
  };
  const actual = await serve('pubsub', server, port, stop);
  console.log('Publishing a tick every second. Watch it with:\n' +
    `  curl -N http://${HOST}:${actual}/`);
}

if (process.argv[1] === import.meta.filename) void main();
