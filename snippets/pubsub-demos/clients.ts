/** A subscriber to a room over a raw socket: the events its stream carried, parsed as
 *  EventSource parses them, how many comments and bytes, and whether it was hung up. */
interface Subscriber {
  socket: Socket;
  events: ServerSentEvent[];
  comments: number;
  bytes: number;
  /** Resolves once `holds()` is true, or once the server has hung up. */
  until(holds: () => boolean): Promise<void>;
}

function joinRoom(port: number, room: string, lastEventId?: string): Subscriber {
  const socket = connect(port, HOST);
  const me: Subscriber = { socket, events: [], comments: 0, bytes: 0, until };
  let head = true;
  let pending = '';
  const checks = new Set<() => void>();
  socket.setEncoding('utf8');
  socket.on('error', () => {}); // a reset ends the stream, as a close does
  socket.on('close', () => checks.forEach((check) => check()));
  socket.on('data', (chunk: string) => {
    pending += chunk;
    if (head) {
      if (!pending.includes('\r\n\r\n')) return;
      pending = pending.slice(pending.indexOf('\r\n\r\n') + 4);
      head = false;
    }
    me.bytes += Buffer.byteLength(chunk); // (the head's bytes too: close enough)
    const blocks = pending.split('\n\n');
    pending = blocks.pop()!;
    for (const block of blocks) readBlock(me, block);
    checks.forEach((check) => check());
  });
  function until(holds: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (holds() || socket.closed) && resolve();
      checks.add(check);
      check();
    });
  }
  const header = lastEventId === undefined ? '' : `Last-Event-ID: ${lastEventId}\r\n`;
  socket.write(`GET /source?room=${room} HTTP/1.1\r\nHost: ${HOST}\r\n${header}\r\n`);
  return me;
}

/** One event, or a comment: `field: value` lines. */
function readBlock(subscriber: Subscriber, block: string): void {
  const fields = block.split('\n').map((line) => /^([^:]*): ?(.*)$/.exec(line)!);
  if (fields.every(([, name]) => name === '')) return void subscriber.comments++;
  const value = (name: string) => fields.find(([, field]) => field === name)?.[2];
  const data = fields.filter(([, name]) => name === 'data').map(([, , text]) => text);
  const event: ServerSentEvent = { data: data.join('\n') };
  if (value('id') !== undefined) event.id = value('id');
  if (value('event') !== undefined) event.event = value('event');
  subscriber.events.push(event);
}

/** Where a demonstration says what it saw: the console, or a test. */
type Log = (line: string) => void;

const joined = (subscriber: Subscriber) => () =>
  subscriber.events.some((event) => event.event === 'joined');

/** Posts `message` to `room` on a connection of its own, as the chat's page does, and
 *  resolves with the server's answer, e.g. "sent to 2 listeners". */
function post(port: number, room: string, message: string, name = 'Bea') {
  const form = new URLSearchParams({ room, name, message }).toString();
  const request = `POST /send-message HTTP/1.1\r\nHost: ${HOST}\r\n` +
    'Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n' +
    `Content-Length: ${Buffer.byteLength(form)}\r\n\r\n${form}`;
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, HOST);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n\r\n')[1]!.trim()));
    socket.write(request);
  });
}
