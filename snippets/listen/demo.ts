if (process.argv[1] === import.meta.filename) {
  const channels = new Channels();
  const router = new Router()
    .on('GET', '/', () =>
      html('<h1>House</h1><p>Try <a href="/hello?name=you">/hello</a>.</p>\n'))
    .on('GET', '/hello', ({ params }) =>
      text(`Hello, ${params.get('name')?.[0] ?? 'stranger'}!\n`))
    .on('GET', '/events', ({ headers }) =>
      stream((connection) =>
        channels.subscribe('news', connection, headers.get('last-event-id'))))
    .on('POST', '/say', ({ params }) => {
      const message = params.get('message')?.[0];
      if (!message) {
        throw new HttpError(400, 'missing the parameter "message"');
      }
      return text(`Told ${channels.publish('news', message)} listener(s).\n`);
    });

  try {
    const server = await start(router, { port: portFromEnv(4003) });
    const url = `http://${server.host}:${server.port}`;
    console.log(`House is listening on ${url}. Try:`);
    console.log(`  curl -i '${url}/hello?name=Ada'`);
    console.log(`  curl -N ${url}/events                  # then, in another terminal:`);
    console.log(`  curl -i -d 'message=hello everyone' ${url}/say`);
    console.log(`  curl -i -X DELETE ${url}/hello         # 405, with Allow`);
    console.log(`  curl -i ${url}/nowhere                 # 404`);
    stopOnSignal(() => {
      channels.close();
      return server.stop();
    });
  } catch (error) {
    console.error(`house: ${(error as Error).message}`);
    process.exit(1);
  }
}
