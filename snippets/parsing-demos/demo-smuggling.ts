/** Two requests whose framing headers a proxy could read one way and a server another. */
async function smuggling(port: number): Promise<string[]> {
  const form = 'room=smuggled&name=Eve&message=hidden';
  const twoLengths = request([
    'POST /send-message HTTP/1.1', `Host: ${HOST}`, 'Connection: close',
    'Content-Type: application/x-www-form-urlencoded',
    'Content-Length: 0', `Content-Length: ${form.length}`,
  ], form);
  const hidden = request(['GET /admin HTTP/1.1', `Host: ${HOST}`]).toString();
  const body = `0${CRLF}${CRLF}${hidden}`;
  const bothHeaders = request([
    'POST /send-message?room=smuggled&name=Ada&message=hello+all HTTP/1.1',
    `Host: ${HOST}`, 'Connection: close',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${body.length}`, 'Transfer-Encoding: chunked',
  ], body);
  return [
    `Content-Length: 0, then Content-Length: ${form.length}`,
    `  ${said(await send(port, twoLengths))}`,
    `Content-Length: ${body.length} and Transfer-Encoding: chunked`,
    `  ${said(await send(port, bothHeaders))}`,
  ];
}
