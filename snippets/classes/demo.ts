/** A form posted to a router, as the parser would hand it over. */
function formRequest(form: string) {
  const params = addParams(new Map(), form, 'the body');
  return { method: 'POST', target: '/send-message', path: '/send-message', version: 'HTTP/1.1', headers: new Map(), params };
}

if (process.argv[1] === import.meta.filename) {
  const declared = new Router().on('POST', '/send-message', sendMessage(new Channels()));
  const classes = new Router().on('POST', '/send-message', new SendMessage(new Channels()).handle);
  for (const form of ['room=lobby&name=Ada&message=hello+everyone', 'room=lobby&name=&message=hi', 'room=a&room=b']) {
    console.log(`POST /send-message ${JSON.stringify(form)}`);
    for (const [design, router] of [['declared', declared], ['classes', classes]] as const) {
      const { status, body } = await router.handle(formRequest(form)) as Response;
      console.log(`  ${design.padEnd(9)} ${status} ${JSON.stringify(body)}`);
    }
  }
  const at = new ClockTimeField('at');
  for (const form of ['at=18:30', 'at=7pm']) {
    const problems: string[] = [];
    const time = at.read(formRequest(form).params, problems);
    console.log(`ClockTimeField reads ${form}: ${JSON.stringify(time ?? problems.join('\n'))}`);
  }
}
