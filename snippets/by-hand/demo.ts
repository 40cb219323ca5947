/** Posts one form to a router, as the parser would hand it over, and gives the answer. */
async function post(router: Router, form: string): Promise<Response> {
  const params = addParams(new Map(), form, 'the body');
  const request = { method: 'POST', target: '/send-message', path: '/send-message', version: 'HTTP/1.1', headers: new Map(), params };
  return await router.handle(request) as Response;
}

if (process.argv[1] === import.meta.filename) {
  const declared = new Router().on('POST', '/send-message', sendMessage(new Channels()));
  const byHand = new Router().on('POST', '/send-message', sendMessageByHand(new Channels()));
  const forms = [
    'room=lobby&name=Ada&message=hello+everyone',
    'room=lobby&name=&message=hi',
    'room=a-room-name-too-long&room=lobby&message=%F0%9F%8F%A0%F0%9F%8F%A0%F0%9F%8F%A0%F0%9F%8F%A0',
    '',
  ];
  let agreed = 0;
  for (const form of forms) {
    const [a, b] = [await post(declared, form), await post(byHand, form)];
    const same = JSON.stringify(a) === JSON.stringify(b);
    if (same) agreed++;
    console.log(`POST ${JSON.stringify(form)}`);
    console.log(`  declared: ${a.status} ${JSON.stringify(a.body)}`);
    console.log(`  by hand:  ${b.status} ${JSON.stringify(b.body)}${same ? '' : '   <- they differ!'}`);
  }
  console.log(`\nThe two agree on ${agreed} of ${forms.length} forms.`);
  process.exitCode = agreed === forms.length ? 0 : 1;
}
