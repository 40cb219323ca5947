/** Asks for the chat's script, and holds the length its head announces against the
 *  bytes that follow the head. */
async function length(port: number): Promise<string[]> {
  const answer = await send(port, request([
    'GET /chat.js HTTP/1.1', `Host: ${HOST}`, 'Connection: close',
  ]));
  const headEnd = answer.indexOf(CRLF + CRLF) + 4;
  const header = /^content-length: *(\d+)/im.exec(answer.toString('latin1', 0, headEnd));
  const announced = Number(header![1]);
  const body = answer.subarray(headEnd);
  const lines = [`Content-Length: ${announced}; bytes after the head: ${body.length}`];
  if (body.length > announced) {
    const unread = JSON.stringify(body.subarray(announced).toString('utf8'));
    lines.push(`a client that believes the header never reads ${unread}`);
  }
  return lines;
}
