function main(): void {
  const channels = new Channels();
  const server = serveTicks(channels);
  const port = Number(process.env.PORT ?? 4001);
  let tick = 0;
  const clock = setInterval(() => {
    tick++;
    const data = `tick ${tick}\n${new Date().toISOString()}`;
    channels.publish('ticks', { event: 'tick', id: String(tick), data });
  }, 1000);

  server.listen(port, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    console.log('Publishing a tick every second. Watch it with:\n' +
      `  curl -N http://127.0.0.1:${port}/`);
  });

  const stop = () => {
    console.log('\nStopping: open streams close with the process.');
    clearInterval(clock);
    server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] === import.meta.filename) main();
