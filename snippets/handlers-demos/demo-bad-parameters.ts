
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
