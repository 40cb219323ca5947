/** A post whose head arrives first, and its body a moment later. */
async function lateBody(port: number): Promise<string[]> {
  const bytes = post('room=later&name=Ada&message=hello+all');
  const headEnd = bytes.indexOf(CRLF + CRLF) + 4;
  const answer = await send(port, bytes.subarray(0, headEnd), bytes.subarray(headEnd));
  return [said(answer)];
}
