// The first server's parameters, run against whichever server listens on a port:
// chapters/first.ts, or the finished chat (chapters/chat.ts).
//
//   npx tsx chapters/handlers-demos.ts bad-parameters <port>

// #region demo-bad-parameters
import { open } from './listen-demos.ts';
import { fail, HOST, parsePort } from './program.ts';

/** Forms the chat's page would never send, and why each is wrong. */
const BAD_FORMS: [why: string, form: string][] = [
  ['three rules broken', 'room=a-room-name-too-long&message=hi'],
  ['room given twice', 'room=lobby&room=kitchen&name=Ada&message=hello+both'],
];

/** Posts each form on a connection of its own, and prints the status and the body that
 *  came back. */
async function badParameters(port: number): Promise<void> {
  for (const [why, form] of BAD_FORMS) {
    console.log(`${why}: ${form}`);
    const client = await open(port);
    client.socket.write(`POST /send-message HTTP/1.1\r\nHost: ${HOST}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n' +
      `Content-Length: ${form.length}\r\n\r\n${form}`);
    await client.closed;
    const [head = '', body = ''] = client.received().split('\r\n\r\n');
    const status = head.split('\r\n')[0]!.split(' ').slice(1).join(' ');
    for (const line of [status, ...body.trimEnd().split('\n')]) console.log(`  ${line}`);
  }
}
// #endregion demo-bad-parameters

// #region demo-main
if (process.argv[1] === import.meta.filename) {
  const [name, port = ''] = process.argv.slice(2);
  if (name !== 'bad-parameters') {
    console.error('Usage: npx tsx chapters/handlers-demos.ts bad-parameters <port>');
    process.exit(2);
  }
  badParameters(parsePort(port)).catch((error) => fail('handlers-demos', error));
}
// #endregion demo-main
