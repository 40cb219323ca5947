if (process.argv[1] === import.meta.filename) {
  // Print the exact bytes a client would receive, with each CRLF made visible.
  const show = (title: string, bytes: string | Buffer) => {
    const visible = String(bytes).replaceAll('\r\n', '\\r\\n\n');
    process.stdout.write(`--- ${title}\n${visible}\n`);
  };

  const router = new Router()
    .on('GET', '/hello', () => text('Grüße aus dem Haus\n'))
    .on('GET', '/crash', () => { throw new Error('a bug in a handler'); });

  const tries = [
    ['GET', '/hello'], ['GET', '/nowhere'], ['POST', '/hello'], ['GET', '/crash'],
  ] as const;
  for (const [method, path] of tries) {
    const request = {
      method, target: path, path, version: 'HTTP/1.1',
      headers: new Map(), params: new Map(),
    };
    show(`${method} ${path}`, formatResponse(await router.handle(request) as Response));
  }
  show('the head of an event stream', formatStreamHead());
  const event = { event: 'chat', data: 'first line\nsecond line' };
  show('one event on it', formatEvent(event));
}
