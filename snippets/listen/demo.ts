if (process.argv[1] === import.meta.filename) {
  // Whoever keeps GET /events open hears what is said to POST /say. Just enough
  // broadcasting to watch a stream: pubsub.ts has the real one, with ids and replay.
  const listeners = new Set<EventStream>();
  const router = new Router()
    .on('GET', '/', () =>
      html('<h1>House</h1><p>Try <a href="/hello?name=you">/hello</a>.</p>\n'))
    .on('GET', '/hello', ({ params }) =>
      text(`Hello, ${params.get('name')?.[0] ?? 'stranger'}!\n`))
    .on('GET', '/events', () =>
      stream((events) => {
        listeners.add(events);
        events.onClose(() => listeners.delete(events));
      }))
    .on('POST', '/say', ({ body }) => {
      const message = new TextDecoder().decode(body);  // the whole body is the message
      if (!message) throw new HttpError(400, 'say something: the body is the message');
      for (const listener of listeners) listener.send(message);
      return text(`Told ${listeners.size} listener(s).\n`);
    });

  const server = await start(router, { port: portFromEnv(4003) })
    .catch((error) => fail('house', error));
  stopOnSignal(() => server.stop());  // before saying we're ready: a Ctrl-C may come next
  const url = `http://${server.host}:${server.port}`;
  console.log(`House is listening on ${url}. Try:`);
  console.log(`  curl -i '${url}/hello?name=Ada'`);
  console.log(`  curl -N ${url}/events                  # then, in another terminal:`);
  console.log(`  curl -i -d 'hello everyone' ${url}/say`);
  console.log(`  curl -i -X DELETE ${url}/hello         # 405, with Allow`);
  console.log(`  curl -i ${url}/nowhere                 # 404`);
}
