import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { getDefaultHighWaterMark, PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST, listen } from '../chapters/program.ts';
import {
  createEchoServer,
  createSerialEchoServer,
  echo,
  echoCarelessly,
  echoClient,
  FLOOD_BYTES,
  measureBacklog,
  multiplexedClient,
} from '../chapters/echo.ts';
import { Arrivals, closed, freePort, openSocket, record, runChapter, written, type RunningProgram } from './helpers.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** `length` bytes, byte `i` being `byteAt(i)`: a pattern that shows a lost or reordered chunk. Filled in
 *  place; built as an array of numbers first, 16 MiB of it took two seconds of CPU. */
function pattern(length: number, byteAt: (i: number) => number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = byteAt(i);
  return bytes;
}

const servers: Server[] = [];
const sockets: Socket[] = [];
const programs: RunningProgram[] = [];
async function serve(server: Server): Promise<number> {
  servers.push(server);
  return listen(server, 0);
}
async function open(port: number): Promise<Socket> {
  const socket = await openSocket(port);
  sockets.push(socket);
  return socket;
}
function run(env: Record<string, string>, ...args: string[]): RunningProgram {
  const program = runChapter('echo', env, args);
  programs.push(program);
  return program;
}
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
  await Promise.all(programs.splice(0).map((program) => program.stop('SIGKILL')));
});

describe('the echo server', () => {
  it('sends back every byte, and hangs up after the client does', async () => {
    const port = await serve(createEchoServer(() => {}));
    const socket = await open(port);
    const text = record(socket);
    socket.write('hello\n');
    await text.waitFor(/^hello\n$/);
    socket.end('bye\n'); // half-close: "that's all from me"
    await text.closed;
    expect(text.text()).toBe('hello\nbye\n');
  });

  it('serves many clients at the same time, each its own bytes', async () => {
    const port = await serve(createEchoServer(() => {}));
    const clients = await Promise.all(Array.from({ length: 30 }, () => open(port)));
    const texts = clients.map((socket) => record(socket));
    // Everyone is connected before anyone speaks, and everyone gets an answer while all stay connected.
    clients.forEach((socket, i) => socket.write(`client ${i}\n`));
    await Promise.all(texts.map((text, i) => text.waitFor(new RegExp(`^client ${i}\n$`))));
    expect(clients.every((socket) => !socket.destroyed)).toBe(true);
  });

  it('echoes a large stream intact', async () => {
    const port = await serve(createEchoServer(() => {}));
    const socket = await open(port);
    const sent = pattern(2 * MiB, (i) => i % 251);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.end(sent);
    await closed(socket);
    expect(Buffer.concat(chunks).equals(sent)).toBe(true);
  });
});

describe('the serial echo server: one client at a time', () => {
  it('does not read from the second client until the first has left', async () => {
    const log: string[] = [];
    const server = createSerialEchoServer((line) => log.push(line));
    const serverSides = new Arrivals<Socket>('connections');
    server.on('connection', (socket) => serverSides.push(socket));
    const port = await serve(server);
    const first = await open(port);
    const firstText = record(first);
    const second = await open(port); // the connection succeeds: the kernel accepted it for us
    const secondText = record(second);
    const [, secondServerSide] = await serverSides.until(2);

    await written(second, 'second\n');
    first.write('first\n');
    await firstText.waitFor(/^first\n$/);
    expect(log.filter((line) => / connected$/.test(line))).toHaveLength(2);
    expect(log.filter((line) => /your turn/.test(line))).toHaveLength(1);
    // The second spoke first, and the server has since read and answered the first: a server reading
    // both would have read the second's bytes by now. It has not read one of them.
    expect(secondServerSide!.bytesRead).toBe(0);
    expect(secondText.text()).toBe('');

    first.end();
    await secondText.waitFor(/^second\n$/);
    expect(log.filter((line) => /your turn/.test(line))).toHaveLength(2);
  });
});

/** Node's default high-water mark for streams of bytes: 16 KiB up to Node 21, 64 KiB from Node 22 on. */
const DEFAULT_HIGH_WATER_MARK = Number(process.versions.node.split('.')[0]) >= 22 ? 64 * KiB : 16 * KiB;

describe('the high-water mark', () => {
  it(`is Node's default (${DEFAULT_HIGH_WATER_MARK / KiB} KiB on ${process.version}), and write() returns false when the unsent bytes reach it`, async () => {
    expect(getDefaultHighWaterMark(false)).toBe(DEFAULT_HIGH_WATER_MARK);
    const serverSides = new Arrivals<Socket>('connections');
    const port = await serve(createServer((socket) => serverSides.push(socket.resume())));
    const socket = connect(port, HOST); // still connecting: every write waits in its buffer
    sockets.push(socket);
    const mark = socket.writableHighWaterMark;
    expect(mark).toBe(DEFAULT_HIGH_WATER_MARK);
    expect(socket.write(Buffer.alloc(mark - 1))).toBe(true);
    expect(socket.write(Buffer.alloc(1))).toBe(false); // exactly at the mark, not past it
    expect(socket.writableLength).toBe(mark);
    // false is advice, not a refusal: the bytes are queued all the same, and sent.
    expect(socket.write(Buffer.alloc(mark))).toBe(false);
    expect(socket.writableLength).toBe(2 * mark);
    await once(socket, 'drain');
    expect(socket.writableLength).toBe(0);
    const [serverSide] = await serverSides.until(1);
    expect(serverSide!.writableHighWaterMark).toBe(DEFAULT_HIGH_WATER_MARK); // the side echo() writes to
  });
});

describe('back-pressure: a client that writes but does not read', () => {
  it('makes the careless echo hold almost everything it was sent', async () => {
    const backlog = await measureBacklog(echoCarelessly);
    expect(backlog.read).toBe(FLOOD_BYTES);
    expect(backlog.held).toBeGreaterThan(8 * MiB);
    expect(backlog.echoed).toBe(FLOOD_BYTES);
  });

  it('makes the careful echo stop reading, so what it holds stays small', async () => {
    const backlog = await measureBacklog(echo);
    expect(backlog.highWaterMark).toBe(DEFAULT_HIGH_WATER_MARK);
    expect(backlog.read).toBeLessThan(FLOOD_BYTES);
    expect(backlog.held).toBeLessThan(256 * KiB);
    expect(backlog.echoed).toBe(FLOOD_BYTES);
  });

  it('the careful echo pauses and resumes without losing or reordering a byte', async () => {
    // The server stops reading once we stop reading its echo, and a stream says so with 'pause'.
    const paused = new Arrivals<Socket>('server sockets that paused');
    const server = createServer((socket) => {
      socket.once('pause', () => paused.push(socket));
      echo(socket);
    });
    const port = await serve(server);
    const client = await open(port);
    client.pause();
    const sent = pattern(16 * MiB, (i) => (i * 7) % 253);
    client.write(sent);

    const [serverSide] = await paused.until(1);
    expect(serverSide!.isPaused()).toBe(true);
    expect(serverSide!.bytesRead).toBeLessThan(sent.length);
    expect(serverSide!.writableLength).toBeLessThan(256 * KiB);

    const chunks: Buffer[] = [];
    let total = 0;
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total === sent.length) client.end();
    });
    client.resume();
    await closed(client);
    expect(Buffer.concat(chunks).equals(sent)).toBe(true);
  });
});

describe('echoClient', () => {
  it('pipes its input to the server and the echo to its output, and ends when the input does', async () => {
    const port = await serve(createEchoServer(() => {}));
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk));
    const done = echoClient(port, input, output);
    input.write('one\n');
    await once(output, 'data');
    input.end('two\n');
    await done;
    expect(text).toBe('one\ntwo\n');
  });

  it('rejects when nobody is listening', async () => {
    const port = await freePort();
    await expect(echoClient(port, new PassThrough(), new PassThrough())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('multiplexedClient (the tutorial\'s ex5a)', () => {
  it('sends each line it reads and writes out the echo; at the end of its input it ends, and resolves once the server has', async () => {
    const port = await serve(createEchoServer(() => {}));
    const lines = ['hello', 'world'];
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk));
    await multiplexedClient(port, () => lines.shift() ?? null, output);
    expect(text).toBe('hello\nworld\n');
  });

  it('closes its socket through the disconnector when the server hangs up', async () => {
    const server = createServer((socket) => {
      socket.on('error', () => {});
      socket.end('bye\n');
    });
    const port = await serve(server);
    let read = 0;
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk));
    await multiplexedClient(port, () => `line ${++read}`, output);
    expect(text).toBe('bye\n');
    expect(read).toBeGreaterThan(0);
  });
});

describe('the programs', () => {
  it('server and client: what you type comes back; end of input ends the session', async () => {
    const server = run({ PORT: '0' }, 'server');
    const [, port] = await server.waitFor(/PORT=(\d+) npx tsx chapters\/echo\.ts client/);
    const client = run({ PORT: port! }, 'client');
    client.process.stdin!.write('hello, echo\n');
    await client.waitFor(/hello, echo/);
    client.process.stdin!.end();
    expect(await client.exited()).toBe(0);
    await server.waitFor(/127\.0\.0\.1:\d+ left/);
    expect(await server.stop('SIGINT')).toBe(0);
  });

  it('the client exits with a message when the server goes away', async () => {
    const server = run({ PORT: '0' }, 'server');
    const [, port] = await server.waitFor(/PORT=(\d+)/);
    const client = run({ PORT: port! }, 'client');
    await server.waitFor(/127\.0\.0\.1:\d+ connected/);
    expect(await server.stop('SIGTERM')).toBe(0); // the server hangs up on everyone
    expect(await client.exited()).toBe(0);
    expect(client.output()).toMatch(/echo client: the server closed the connection/);
  });

  it('multiplexed-client: what you type comes back; end of input ends the session', async () => {
    const server = run({ PORT: '0' }, 'server');
    const [, port] = await server.waitFor(/PORT=(\d+)/);
    const client = run({ PORT: port! }, 'multiplexed-client');
    // Each echo usually shows only once the next line is typed (the loop waits on the keyboard
    // meanwhile), so this test types two lines, then ends its input, and expects both back.
    client.process.stdin!.write('hello, loop\n');
    client.process.stdin!.end('and again\n');
    expect(await client.exited()).toBe(0);
    expect(client.output()).toBe('hello, loop\nand again\nmultiplexed client: the connection is closed\n');
  });

  it('multiplexed-client: blocked reading the keyboard, it notices the server hung up only once a line is typed', async () => {
    const server = createServer((socket) => {
      socket.on('error', () => {});
      socket.end(); // hang up at once
    });
    const port = String(await serve(server));
    const connected = once(server, 'connection');
    const blocked = run({ PORT: port }, 'multiplexed-client');
    await connected;
    // A client that watches its socket (the piped one) meets the same hang-up and exits by itself,
    // although it connects later...
    const watching = run({ PORT: port }, 'client');
    expect(await watching.exited()).toBe(0);
    // ...while the multiplexed one is still waiting for the keyboard, and has noticed nothing.
    expect(blocked.process.exitCode).toBeNull();
    expect(blocked.output()).toBe('');
    blocked.process.stdin!.write('anyone there?\n');
    expect(await blocked.exited()).toBe(0);
    expect(blocked.output()).toBe('multiplexed client: the connection is closed\n');
  });

  it('the client reports connection refused', async () => {
    const port = await freePort();
    const client = run({ PORT: String(port) }, 'client');
    expect(await client.exited()).toBe(1);
    expect(client.output()).toMatch(/^echo client: connect ECONNREFUSED 127\.0\.0\.1:\d+$/m);
  });

  it('serial: the second client waits its turn', async () => {
    const server = run({ PORT: '0' }, 'serial');
    const [, port] = await server.waitFor(/PORT=(\d+)/);
    const first = await open(Number(port));
    const firstText = record(first);
    first.write('a\n');
    await firstText.waitFor(/^a\n$/);
    const second = await open(Number(port));
    const secondText = record(second);
    await server.waitFor(/connected[\s\S]*connected/);
    await written(second, 'b\n');
    // The server answers the first client's next line, sent after the second's: it has had its chance
    // to read the second's, and a server that served both at once would have echoed it.
    first.write('c\n');
    await firstText.waitFor(/^a\nc\n$/);
    expect(secondText.text()).toBe('');
    first.end();
    await secondText.waitFor(/^b\n$/);
    await server.waitFor(/your turn \(0 still waiting\)/);  // its log line may come after the echo
    expect(await server.stop('SIGINT')).toBe(0);
  });

  it('pool: a few processes started once take turns, each serving many clients at once', async () => {
    const server = run({ PORT: '0' }, 'pool');
    const [, pids, port] = await server.waitFor(/a pool of 2 processes \((\d+, \d+)\)\) on 127\.0\.0\.1:(\d+)/);
    const children = pids!.split(', ');
    const clients = await Promise.all([0, 1, 2, 3].map(() => open(Number(port))));
    const texts = clients.map((socket) => record(socket));
    clients.forEach((socket, i) => socket.write(`client ${i}\n`));
    await Promise.all(texts.map((text, i) => text.waitFor(new RegExp(`^client ${i}\n$`))));
    // The parent says whom it handed each client to; a child's echo can come before that line.
    await server.waitFor(/(?:[\s\S]*?handed to process \d+\n){4}/);
    const handedTo = [...server.output().matchAll(/handed to process (\d+)$/gm)].map((m) => m[1]);
    expect([...handedTo].sort()).toEqual([children[0], children[0], children[1], children[1]].sort()); // in turn: two each
    // Each child holds two of the clients at once, all still connected.
    await server.waitFor(new RegExp(`(process ${children[0]}: 127\\.0\\.0\\.1:\\d+ connected[\\s\\S]*){2}`));
    await server.waitFor(new RegExp(`(process ${children[1]}: 127\\.0\\.0\\.1:\\d+ connected[\\s\\S]*){2}`));
    expect(clients.every((socket) => !socket.destroyed)).toBe(true);
    const hungUp = clients.map((socket) => closed(socket));
    expect(await server.stop('SIGINT')).toBe(0); // stopping the parent stops its children: they hang up
    await Promise.all(hungUp);
    for (const pid of children) expect(() => process.kill(Number(pid), 0)).toThrow(/ESRCH/);
  });

  it('with no program runs the pressure demo, naming the others: the careful echo holds far less than the careless one', async () => {
    const demo = run({});
    expect(await demo.exited()).toBe(0);
    expect(demo.output()).toMatch(/^Running "pressure"\. Usage: \[PORT=4007\] npx tsx chapters\/echo\.ts <serial\|server\|pool\|client\|multiplexed-client\|pressure>$/m);
    const pattern = /holds ([\d.]+) (KiB|MiB) unsent\.\n {2}\(Its socket's high-water mark: ([\d.]+) KiB\.\)\n {2}Then the client read: every byte came back\./g;
    const matches = [...demo.output().matchAll(pattern)];
    const held = matches.map(([, amount, unit]) => Number(amount) * (unit === 'MiB' ? MiB : KiB));
    expect(matches.map(([, , , mark]) => Number(mark) * KiB)).toEqual([DEFAULT_HIGH_WATER_MARK, DEFAULT_HIGH_WATER_MARK]);
    expect(held).toHaveLength(2);
    const [careless, careful] = held as [number, number];
    expect(careless).toBeGreaterThan(8 * MiB);
    expect(careful).toBeLessThan(256 * KiB);
  });
});
