/** A connection, what it has received, and ways to wait for the server. */
export async function open(port: number) {
  const socket = connect(port, HOST);
  await new Promise((connected) => socket.once('connect', connected));
  socket.on('error', () => {}); // writing to a server that hung up: seen as 'close'
  let text = '';
  const waiters = new Set<() => void>();
  socket.on('data', (chunk) => {
    text += chunk;
    waiters.forEach((check) => check());
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  /** Resolves with the answers so far once there are `count` of them, or the server
   *  has closed the connection. */
  const answered = (count: number) => new Promise<string[]>((resolve) => {
    const check = () => {
      if (answers(text).length < count) return;
      waiters.delete(check);
      resolve(answers(text));
    };
    waiters.add(check);
    void closed.then(() => resolve(answers(text)));
    check();
  });
  return { socket, closed, answered, received: () => text };
}

/** Each whole response in `text`, as one line: its status, its `Connection` header and
 *  its body (the bodies here are ASCII, so characters count as bytes). */
function answers(text: string): string[] {
  const found: string[] = [];
  for (let rest = text; ;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return found;
    const [statusLine = '', ...fields] = rest.slice(0, end).split('\r\n');
    const header = (name: string) => fields
      .find((field) => field.toLowerCase().startsWith(`${name}:`))?.split(': ')[1];
    const length = Number(header('content-length') ?? 0);
    const body = rest.slice(end + 4, end + 4 + length);
    if (body.length < length) return found;
    const status = statusLine.split(' ').slice(1).join(' ');
    found.push(`${status}, Connection: ${header('connection')}: ${body.trim()}`);
    rest = rest.slice(end + 4 + length);
  }
}
