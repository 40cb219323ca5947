// Sockets from the ground up, part two: the echo protocol (RFC 862). The server
// sends back every byte a client sends it, so everything interesting is about
// *when* it reads and writes.
//
//   npx tsx chapters/echo.ts serial     one client at a time; the rest wait
//   npx tsx chapters/echo.ts server     every client at once, on one event loop
//   npx tsx chapters/echo.ts pool       a few processes, each serving many clients
//   npx tsx chapters/echo.ts client     send what you type, print what comes back
//   npx tsx chapters/echo.ts multiplexed-client
//                                       the same, the tutorial's way: handlers on
//                                       one loop, and a keyboard read that blocks it
//   npx tsx chapters/echo.ts pressure   a client that never reads, vs two servers
//                                       (the default: servers and client in one process)

// #region imports
import type { ChildProcess } from 'node:child_process';
import { readSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { CHILD, forkChild, handOff, serveSentSockets, type Log } from './daytime.ts';
import { fail, HOST, listen, runChosenProgram, serve } from './program.ts';
// #endregion imports

// #region constants
/** The real echo port is 7, which only root may open. We borrow 4007. */
export const ECHO_PORT = 4007;

/** How much the back-pressure demo sends without reading any of the reply. */
export const FLOOD_BYTES = 32 * 1024 * 1024;
// #endregion constants

// #region echo-carelessly
/** Writes every chunk straight back, whether or not the client reads it. */
export function echoCarelessly(socket: Socket): void {
  socket.on('data', (chunk) => socket.write(chunk));
}
// #endregion echo-carelessly

// #region watch
/** Logs a connection's comings and goings; keeps its errors its own. */
function watch(socket: Socket, log: Log): void {
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  log(`${peer} connected`);
  socket.on('error', (error) => log(`${peer}: ${error.message}`));
  socket.once('close', () => log(`${peer} left`));
}
// #endregion watch

// #region serial
/**
 * One client at a time. Later clients get connected (the kernel accepts them for
 * us) but wait in line: we don't read a byte from them until everyone before them
 * has left.
 */
export function createSerialEchoServer(log: Log = console.log): Server {
  const waiting: Socket[] = [];
  let serving: Socket | undefined;

  const serveNext = () => {
    serving = waiting.shift();
    if (serving === undefined) return;
    const peer = `${serving.remoteAddress}:${serving.remotePort}`;
    log(`${peer}: your turn (${waiting.length} still waiting)`);
    serving.once('close', serveNext);
    echo(serving);
    serving.resume();
  };

  // pauseOnConnect: Node hands us each connection without reading from it.
  return createServer({ pauseOnConnect: true }, (socket) => {
    watch(socket, log);
    waiting.push(socket);
    if (serving === undefined) serveNext();
  });
}
// #endregion serial

// #region server
/** Every client at once: each connection is a few listeners on one event loop. */
export function createEchoServer(log: Log = console.log): Server {
  return createServer((socket) => {
    watch(socket, log);
    echo(socket);
  });
}
// #endregion server

// #region pool
/** How many processes the pool starts: one per core is the usual choice. */
export const POOL_SIZE = 2;

export interface Pool {
  server: Server;
  /** The process id of each child, in the order they take turns. */
  pids: number[];
  /** Stops accepting, and stops the children (they hang up on their clients). */
  stop(): Promise<void>;
}

/**
 * The threaded server's nearest relative in Node: a few child processes, started once,
 * each running `echo` for many clients on its own event loop. The parent only accepts
 * connections, and hands each to the next child in turn.
 */
export function createEchoPool(size = POOL_SIZE, log: Log = console.log): Pool {
  const children = Array.from({ length: size }, () => forkChild(import.meta.filename));
  let next = 0;
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    const child = children[next++ % children.length]!;
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.on('error', (error) => log(`${peer}: ${error.message}`));
    void handOff(child, socket, () => log(`${peer}: handed to process ${child.pid}`));
  });
  const stop = async () => {
    // The server counts the sockets it handed out as its own until their children let go
    // of them, so it can only finish closing once the children have stopped.
    const closed = new Promise((resolve) => server.close(resolve));
    await Promise.all(children.map(stopChild));
    await closed;
  };
  return { server, pids: children.map((child) => child.pid!), stop };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** What each child does with every socket it is sent. */
function echoInChild(socket: Socket): void {
  watch(socket, (line) => console.log(`process ${process.pid}: ${line}`));
  echo(socket);
  socket.resume(); // the parent accepted it paused; from here on, we read
}
// #endregion pool

// #region echo
/** Writes every chunk straight back; stops reading from a client that doesn't. */
export function echo(socket: Socket): void {
  socket.on('data', (chunk) => {
    const roomLeft = socket.write(chunk); // false: the high-water mark is reached
    if (!roomLeft) {
      socket.pause(); // read nothing more from this client...
      socket.once('drain', () => socket.resume()); // ...until it has caught up
    }
  });
}
// #endregion echo

// #region measure
export interface Backlog {
  /** Bytes the server read before it stopped reading, or ran out of input. */
  read: number;
  /** Bytes the server had written but not yet sent: memory, spent on one client. */
  held: number;
  /** Bytes the client got back once it finally read. */
  echoed: number;
  /** The server socket's high-water mark: write() says false once this much is unsent. */
  highWaterMark: number;
}

/** Floods an echo server, reading no replies; measures what the server holds. */
export async function measureBacklog(
  handle: (socket: Socket) => void,
  total = FLOOD_BYTES,
): Promise<Backlog> {
  let serverSide: Socket | undefined;
  const server = createServer((socket) => {
    serverSide = socket;
    handle(socket);
  });
  const port = await listen(server, 0);
  try {
    const client = connect(port, HOST);
    client.pause(); // the slow reader: reads nothing for now
    client.write(Buffer.alloc(total, 'x'));

    await settled(() => serverSide?.bytesRead ?? 0, total);
    const read = serverSide!.bytesRead;
    const held = serverSide!.writableLength;
    const highWaterMark = serverSide!.writableHighWaterMark;

    let echoed = 0;
    client.on('data', (chunk: Buffer) => {
      echoed += chunk.length;
      if (echoed === total) client.end();
    });
    client.resume(); // now read everything back
    await new Promise((resolve) => client.once('close', resolve));
    return { read, held, echoed, highWaterMark };
  } finally {
    server.close();
  }
}

/** Waits until `progress()` reaches `goal` or stops moving (at most 20 s). */
async function settled(progress: () => number, goal: number): Promise<void> {
  const STILL_POLLS = 6;
  const MAX_POLLS = 400;
  let last = -1;
  let still = 0;
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    if (progress() >= goal || still >= STILL_POLLS) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
    still = progress() === last ? still + 1 : 0;
    last = progress();
  }
}
// #endregion measure

// #region client
/** Sends all of `input` to the server; copies all it sends back to `output`. */
export function echoClient(
  port: number,
  input: Readable,
  output: Writable,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST);
    // pipe() does the write/pause/drain/resume dance for us, both ways. When the
    // input ends, it ends the socket: "that's all from me".
    socket.once('connect', () => input.pipe(socket));
    socket.pipe(output, { end: false });
    socket.once('error', reject);
    socket.once('close', (hadError) => {
      input.unpipe(socket);
      if (!hadError) resolve();
    });
  });
}
// #endregion client

// #region multiplexed-client
/** What a socket can be ready for, as the tutorial's event base puts it. */
type Readiness = 'read' | 'write';

/**
 * The tutorial's multiplexed client (ex5a). The event base is Node's own loop: one
 * handler runs when the socket has something to read, one when it can be written, and
 * a disconnector unregisters them and closes the socket when a handler says so.
 * `readLine` is the tutorial's read from the keyboard: it may block.
 */
export function multiplexedClient(
  port: number,
  readLine: () => string | null,
  output: Writable,
): Promise<void> {
  const socket = connect(port, HOST);
  let nextWrite: NodeJS.Immediate | undefined;
  const disconnect = disconnector(socket, {
    read: () => socket.off('data', onReadable),
    write: () => {
      clearImmediate(nextWrite);
      socket.off('connect', writableSoon).off('drain', writableSoon);
    },
  });

  function onReadable(chunk: Buffer): void {
    output.write(chunk);
  }
  function writableSoon(): void {
    nextWrite = setImmediate(onWritable); // after the loop has looked for reads
  }
  function onWritable(): void {
    const line = readLine(); // while this waits, every other handler waits too
    if (line === null) return disconnect('write'); // end of input: nothing more to send
    if (socket.write(`${line}\n`)) writableSoon();
    else socket.once('drain', writableSoon);
  }

  socket.on('data', onReadable);
  socket.once('connect', writableSoon);
  socket.once('end', () => disconnect('close')); // the server has hung up
  return new Promise((resolve, reject) => {
    socket.once('error', (error) => {
      disconnect('close');
      reject(error);
    });
    socket.once('close', (hadError) => hadError || resolve());
  });
}

/**
 * The disconnector: a closure over one socket. Called with the handlers to unregister
 * (all of them, if it names none) and maybe 'close'. A socket left with no handler to
 * write has nothing more to send, and says so (`end`); one left with none at all, or
 * told to close, is closed.
 */
function disconnector(socket: Socket, unregister: Record<Readiness, () => void>) {
  const registered = new Set<Readiness>(['read', 'write']);
  return (...what: (Readiness | 'close')[]): void => {
    const named = what.filter((item): item is Readiness => item !== 'close');
    for (const handler of named.length > 0 ? named : [...registered]) {
      unregister[handler]();
      registered.delete(handler);
    }
    if (what.includes('close') || registered.size === 0) socket.destroy();
    else if (!registered.has('write')) socket.end();
  };
}

/** One line from standard input, read the blocking way: the whole process waits for
 *  it. null at the end of input. */
export function readLineBlocking(fd = 0): string | null {
  const bytes: number[] = [];
  const byte = Buffer.alloc(1);
  while (readSync(fd, byte) === 1) {
    if (byte[0] === 0x0a) return Buffer.from(bytes).toString('utf8');
    bytes.push(byte[0]!);
  }
  return bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : null;
}
// #endregion multiplexed-client

// #region programs
/** An echo server, serving until Ctrl-C; `kind` says which. */
async function serveEcho(
  server: Server, port: number, kind: string, stop?: () => Promise<void>,
): Promise<void> {
  const actual = await serve('echo server', server, port, stop);
  console.log(`Echo server (${kind}) on ${HOST}:${actual}. Stop it with Ctrl-C.`);
  console.log('In other terminals, run:');
  console.log(`  PORT=${actual} npx tsx chapters/echo.ts client`);
}

async function client(port: number): Promise<void> {
  try {
    await echoClient(port, process.stdin, process.stdout);
    console.error('echo client: the server closed the connection');
  } catch (error) {
    fail('echo client', error);
  } finally {
    process.stdin.destroy(); // stop waiting for typing, so the program can end
  }
}

async function multiplexed(port: number): Promise<void> {
  try {
    await multiplexedClient(port, readLineBlocking, process.stdout);
    console.error('multiplexed client: the connection is closed');
  } catch (error) {
    fail('multiplexed client', error);
  }
}

async function pressure(): Promise<void> {
  const servers = { echoCarelessly, echo };
  for (const [name, handle] of Object.entries(servers)) {
    const { read, held, echoed, highWaterMark } = await measureBacklog(handle);
    const returned = echoed === FLOOD_BYTES ? 'every byte' : size(echoed);
    console.log(`${name}: a client sent ${size(FLOOD_BYTES)} and read nothing.`);
    console.log(`  The server read ${size(read)} and holds ${size(held)} unsent.`);
    console.log(`  (Its socket's high-water mark: ${size(highWaterMark)}.)`);
    console.log(`  Then the client read: ${returned} came back.`);
  }
}

function pool(port: number): Promise<void> {
  const { server, pids, stop } = createEchoPool();
  const processes = `${pids.length} processes (${pids.join(', ')})`;
  return serveEcho(server, port, `a pool of ${processes}`, stop);
}

function size(bytes: number): string {
  const KiB = 1024;
  const MiB = 1024 * KiB;
  if (bytes < MiB) return `${(bytes / KiB).toFixed(1)} KiB`;
  return `${(bytes / MiB).toFixed(1)} MiB`;
}
// #endregion programs

// #region main
if (process.argv[1] === import.meta.filename && process.argv[2] === CHILD) {
  serveSentSockets(echoInChild); // one of the pool's children, not a program of the menu
} else if (process.argv[1] === import.meta.filename) {
  runChosenProgram(
    'echo',
    {
      serial: (port) => serveEcho(createSerialEchoServer(), port, 'one at a time'),
      server: (port) => serveEcho(createEchoServer(), port, 'everyone at once'),
      pool,
      client,
      'multiplexed-client': multiplexed,
      pressure,
    },
    ECHO_PORT,
    'pressure',
  );
}
// #endregion main
