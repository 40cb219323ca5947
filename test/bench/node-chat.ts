// The chat's contract served by node:http, written as carefully as a reader would write it without House:
// the same routes, the same validation rules and messages, the same SSE framing and ids, the same replay
// of missed messages from a Last-Event-ID. `npm run bench` measures House against this, each in its own process.
//
//   PORT=4343 npx tsx test/bench/node-chat.ts    prints "node:http chat on http://127.0.0.1:4343/"
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const BOUNDS = { room: [1, 16], name: [1, 64], message: [5, 256] } as const;
const MAX_BODY = 64 * 1024;
const MAX_UNSENT = 1024 * 1024;
const HISTORY = 1000;
const NO_CACHE = 'no-cache, no-store, must-revalidate';

interface Room {
  members: Set<ServerResponse>;
  history: { seq: number; frame: string }[];
}
const rooms = new Map<string, Room>();
const epoch = Date.now().toString(36);
let lastSeq = 0;

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': NO_CACHE,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Every value of each name, query first, then the form body: like House's Params. */
function params(query: string, body: string): Map<string, string[]> {
  const all = new Map<string, string[]>();
  for (const source of [query, body]) {
    for (const [name, value] of new URLSearchParams(source)) all.set(name, [...(all.get(name) ?? []), value]);
  }
  return all;
}

/** The chat's rules: required, once, a length in code points. All broken rules at once, one per line. */
function check<K extends keyof typeof BOUNDS>(all: Map<string, string[]>, names: K[]): Record<K, string> | string {
  const values = {} as Record<K, string>;
  const problems: string[] = [];
  for (const name of names) {
    const given = all.get(name) ?? [];
    const [min, max] = BOUNDS[name];
    const length = given.length === 1 ? [...given[0]!].length : 0;
    if (given.length === 0) problems.push(`${name}: is required`);
    else if (given.length > 1) problems.push(`${name}: must be given only once`);
    else if (length < min) problems.push(`${name}: must be at least ${min} character${min === 1 ? '' : 's'}`);
    else if (length > max) problems.push(`${name}: must be at most ${max} characters`);
    else values[name] = given[0]!;
  }
  return problems.length > 0 ? problems.join('\n') : values;
}

function roomNamed(name: string): Room {
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = { members: new Set(), history: [] }));
  return room;
}

/** Like House's stream head: no chunked framing, the body ends when the connection does. */
function subscribe(req: IncomingMessage, res: ServerResponse, name: string, lastEventId?: string): void {
  res.useChunkedEncodingByDefault = false;
  res.shouldKeepAlive = false;
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': NO_CACHE, Connection: 'close' });
  const room = roomNamed(name);
  const header = req.headers['last-event-id'];
  const seen = typeof header === 'string' ? header : lastEventId;
  if (seen !== undefined) replay(res, room, seen);
  res.write(`event: joined\nretry: 1000\ndata: ${name}\n\n`);
  room.members.add(res);
  res.once('close', () => room.members.delete(res));
}

function replay(res: ServerResponse, room: Room, lastEventId: string): void {
  const match = /^([0-9a-z]+)-(0|[1-9][0-9]{0,15})$/.exec(lastEventId);
  let after = match && match[1] === epoch ? Number(match[2]) : undefined;
  const oldest = room.history[0]?.seq ?? lastSeq + 1;
  if (after === undefined || after > lastSeq || after < oldest - 1) {
    res.write(`id: ${epoch}-${lastSeq}\nevent: missed\ndata: ${lastEventId}\n\n`);
    after = 0;
  }
  for (const sent of room.history) if (sent.seq > after) res.write(sent.frame);
}

function publish(name: string, data: string): number {
  const room = rooms.get(name);
  if (!room) return 0;
  const seq = ++lastSeq;
  const frame = `id: ${epoch}-${seq}\ndata: ${data}\n\n`;  // JSON.stringify never yields a line break
  room.history.push({ seq, frame });
  if (room.history.length > HISTORY) room.history.shift();
  let reached = 0;
  for (const res of room.members) {
    if (res.writableLength > MAX_UNSENT) {
      room.members.delete(res);
      res.destroy();
    } else {
      res.write(frame);
      reached++;
    }
  }
  return reached;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const at = url.indexOf('?');
  const path = at === -1 ? url : url.slice(0, at);
  const query = at === -1 ? '' : url.slice(at + 1);
  if (path === '/source') {
    if (req.method !== 'GET') return reply(res, 405, `${path} accepts GET\n`, { Allow: 'GET, HEAD' });
    const all = params(query, '');
    const args = check(all, ['room']);
    if (typeof args === 'string') return reply(res, 400, `${args}\n`);
    return subscribe(req, res, args.room, all.get('lastEventId')?.[0]);
  }
  if (path === '/send-message') {
    if (req.method !== 'POST') return reply(res, 405, `${path} accepts POST\n`, { Allow: 'POST' });
    const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    const body = await readBody(req);
    if (body === undefined) return reply(res, 413, `requests are limited to ${MAX_BODY} bytes\n`);
    if (body !== '' && type !== 'application/x-www-form-urlencoded') {
      return reply(res, 415, `request bodies must be application/x-www-form-urlencoded, got ${type ?? 'no Content-Type'}\n`);
    }
    const args = check(params(query, body), ['room', 'name', 'message']);
    if (typeof args === 'string') return reply(res, 400, `${args}\n`);
    const heard = publish(args.room, JSON.stringify({ name: args.name, message: args.message }));
    return reply(res, 200, `sent to ${heard} listener${heard === 1 ? '' : 's'}\n`);
  }
  reply(res, 404, `nothing at ${path}\n`);
}

const server = createServer((req, res) => void handle(req, res));
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT ?? 4343), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`node:http chat on http://127.0.0.1:${port}/`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  for (const room of rooms.values()) for (const res of room.members) res.destroy();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
