/** A request's bytes: its head's lines, the empty line that ends them, and a body. */
function request(head: string[], body = ''): Buffer {
  return Buffer.from(head.join(CRLF) + CRLF + CRLF + body, 'utf8');
}

/** A form posted to the chat, the way its page posts one. */
function post(form: string): Buffer {
  return request([
    'POST /send-message HTTP/1.1', `Host: ${HOST}`, 'Connection: close',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${Buffer.byteLength(form)}`,
  ], form);
}

/** Sends `pieces` on one connection, each only once the server has read the ones before,
 *  and resolves with all it answered, once it has closed the connection. */
async function send(port: number, ...pieces: Buffer[]): Promise<Buffer> {
  const socket = connect(port, HOST);
  const [answer] = await Promise.all([everything(socket), inTurn(socket, port, pieces)]);
  return answer;
}

async function inTurn(socket: Socket, port: number, pieces: Buffer[]): Promise<void> {
  for (const piece of pieces) {
    if (!socket.writable) return;  // it has answered and hung up already
    socket.write(piece);
    await allRead(port);
  }
}

/** Resolves once the server has read every byte sent to it so far. It reads whatever
 *  waits on its sockets each time round its loop, so once it has answered a request on
 *  a new connection, it has read what was waiting on the others. */
async function allRead(port: number): Promise<void> {
  const socket = connect(port, HOST);
  const answer = everything(socket);
  socket.end(request(['GET /nowhere HTTP/1.1', `Host: ${HOST}`, 'Connection: close']));
  await answer;
}

/** Everything `socket` receives, once it has closed. An error before any answer (no
 *  server on the port) fails; a reset after the answer still ends with 'close'. */
function everything(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    socket.on('error', (error) => chunks.length === 0 && reject(error));
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** An answer in one line: `400 Bad Request: room: is required`. */
function said(answer: Buffer): string {
  const text = answer.toString('utf8');
  const status = text.slice('HTTP/1.1 '.length, text.indexOf(CRLF));
  const body = text.slice(text.indexOf(CRLF + CRLF) + 4).trim();
  return body === '' ? status : `${status}: ${body}`;
}
