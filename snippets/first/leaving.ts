/** Two subscribers in a room; one leaves. What does each `publish` do with it? */
async function leaving(): Promise<void> {
  const port = await start(0);
  const [ada, bea] = [subscriber(port), subscriber(port)];
  await Promise.all([ada.joined, bea.joined]);
  const adaAtServer = channels.get('demo')!
    .find((socket) => socket.remotePort === ada.socket.localPort)!;
  const gone = new Promise((resolve) => adaAtServer.once('close', resolve));
  ada.socket.end(); // Ada closes her tab
  await gone; // and the server has seen her go
  const count = () => {
    const listed = channels.get('demo')!.length;
    return `${listed} subscriber${listed === 1 ? '' : 's'} listed`;
  };
  publishNaive('demo', 'one');
  console.log(`publishNaive: ${count()}, one of them gone`);
  publish('demo', 'two');
  console.log(`publish:      ${count()}`);
  await bea.heard(/data: two/);
  const said = bea.text().match(/^data: .*/gm)!.slice(1); // after `joined`
  console.log(`Bea heard:    ${said.join(', ')}`);
  bea.socket.destroy();
  servers[0]!.close();
}

/** A raw-socket subscriber to the room `demo`. */
function subscriber(port: number) {
  const socket = connect(port, HOST);
  let text = '';
  const waiters: (() => void)[] = [];
  socket.on('data', (chunk) => {
    text += chunk;
    waiters.forEach((check) => check());
  });
  const heard = (pattern: RegExp) => new Promise<void>((resolve) => {
    const check = () => pattern.test(text) && resolve();
    waiters.push(check);
    check();
  });
  socket.write(`GET /source?room=demo HTTP/1.1${CRLF}Host: ${HOST}${CRLF}${CRLF}`);
  return { socket, text: () => text, heard, joined: heard(/event: joined/) };
}
