
/** Starts a request and never finishes its head (the blank line never comes), then waits
 *  at most `seconds` to see what the server does about it. */
async function endlessHead(port: number, seconds: number): Promise<void> {
  const client = await open(port);
  const started = Date.now();
  client.socket.write(`GET /source?room=lobby HTTP/1.1\r\nHost: ${HOST}\r\n`);
  const gaveUp = new Promise<'waiting'>((resolve) => {
    setTimeout(() => resolve('waiting'), seconds * 1000).unref();
  });
  const closed = client.closed.then(() => 'closed' as const);
  const outcome = await Promise.race([closed, gaveUp]);
  const waited = Math.round((Date.now() - started) / 1000);
  if (outcome === 'waiting') {
    console.log(`after ${waited} s: no answer, and the connection is still open`);
  } else {
    console.log(`after ${waited} s the server answered, and closed the connection:`);
    for (const answer of answers(client.received())) console.log(`  ${answer}`);
  }
  client.socket.destroy();
}
