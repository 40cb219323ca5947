if (process.argv[1] === import.meta.filename) {
  // What the router answers; the wire (next chapter) turns these values into bytes.
  const router = new Router()
    .on('GET', '/hello', () => text('Grüße aus dem Haus\n'))
    .on('GET', '/crash', () => { throw new Error('a bug in a handler'); });

  const tries = [
    ['GET', '/hello'], ['HEAD', '/hello'], ['GET', '/nowhere'], ['POST', '/hello'],
    ['BREW', '/hello'], ['GET', '/crash'],
  ] as const;
  for (const [method, path] of tries) {
    const request = {
      method, target: path, path, version: 'HTTP/1.1',
      headers: new Map(), params: new Map(), body: new Uint8Array(),
    };
    const reply = await router.handle(request) as Response;
    console.log(`--- ${method} ${path} → ${reply.status} ${STATUS_TEXT[reply.status]}`);
    console.log(reply);
  }
}
