/** A message to the room `demo`, as the chat's page posts it. */
function post(message: string): string {
  const form = `room=demo&name=Ada&message=${message}`;
  return `POST /send-message HTTP/1.1\r\nHost: ${HOST}\r\n` +
    'Content-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${form.length}\r\n\r\n${form}`;
}

/** Two requests on one connection: first one after the other (keep-alive), then both in
 *  one write (pipelining). Prints what came back for each. */
async function twoRequests(port: number): Promise<void> {
  console.log('one request, its answer, then another on the same connection:');
  const oneByOne = await open(port);
  oneByOne.socket.write(post('hello+one'));
  await oneByOne.answered(1);
  oneByOne.socket.write(post('hello+two'));
  report(await oneByOne.answered(2), 2);
  oneByOne.socket.destroy();

  console.log('two requests in one write:');
  const pipelined = await open(port);
  pipelined.socket.write(post('hello+three') + post('hello+four'));
  report(await pipelined.answered(2), 2);
  pipelined.socket.destroy();
}

function report(got: string[], asked: number): void {
  for (let i = 0; i < asked; i++) console.log(`  ${i + 1}. ${got[i] ?? NO_ANSWER}`);
}

const NO_ANSWER = 'no answer: the server had closed the connection';
