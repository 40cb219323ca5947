// Sockets from the ground up, part one: the daytime protocol (RFC 867). A server
// tells whoever connects what time it is, in one line, and hangs up. A client
// connects, reads that line, and closes.
//
//   npx tsx chapters/daytime.ts first-server   serve one client, then exit
//   npx tsx chapters/daytime.ts first-client   read a line; no care taken
//   npx tsx chapters/daytime.ts server         serve all; survive mistakes
//   npx tsx chapters/daytime.ts client         the careful client
//   npx tsx chapters/daytime.ts forking-server a process per client, as
//                                              close as Node gets to a thread each
//   npx tsx chapters/daytime.ts demo           careful server and client (the default)

// #region imports
import { fork, type ChildProcess } from 'node:child_process';
import { connect, createServer, Socket } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { createInterface } from 'node:readline';
import { fail, HOST, listen, runChosenProgram, serve } from './program.ts';
// #endregion imports

// #region constants
/** The real daytime port is 13, which only root may open. We borrow 4013. */
export const DAYTIME_PORT = 4013;

/** How long the careful client waits for the time before giving up. */
export const ANSWER_TIMEOUT_MS = 5_000;
// #endregion constants

// #region daytime-line
/** RFC 867 leaves the format free: any human-readable date on one line. */
export function daytimeLine(now = new Date()): string {
  return `${now.toUTCString()}\r\n`;
}
// #endregion daytime-line

// #region first-server
function firstServer(port: number): void {
  const server = createServer((socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    console.log(`Got a connection from ${peer}`);
    socket.end(daytimeLine()); // write the line, then hang up
    server.close(); // and stop listening: this server serves exactly one client
  });

  server.listen(port, HOST, () => {
    const { port } = server.address() as AddressInfo;
    console.log(`Waiting for one client on ${HOST}:${port}.`);
    console.log('In another terminal, run:');
    console.log(`  PORT=${port} npx tsx chapters/daytime.ts first-client`);
  });
}
// #endregion first-server

// #region first-client
async function firstClient(port: number): Promise<void> {
  const socket = connect(port, HOST);
  const lines = createInterface({ input: socket });
  for await (const line of lines) {
    console.log(line);
    break; // one line is all the daytime protocol sends
  }
  socket.end();
}
// #endregion first-client

// #region server
export type Log = (line: string) => void;

/** Sends the time to every client that connects, and survives their mistakes. */
export function createDaytimeServer(log: Log = console.log): Server {
  return createServer((socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    // Without this listener, one client resetting its connection would crash
    // the server.
    socket.on('error', (error) => log(`${peer}: ${error.message}`));
    socket.end(daytimeLine(), () => log(`${peer}: sent the time`));
  });
}
// #endregion server

// #region hand-off
/** The argument that makes a chapter file run
 *  as a child serving the sockets it is sent. */
export const CHILD = '--serve-sent-sockets';

/** For each child: resolves true once it says it is ready for sockets,
 *  false if it exits first. */
const readiness = new WeakMap<ChildProcess, Promise<boolean>>();

/** Starts `file` again as a child process. It gets the same Node flags as this one
 *  (tsx's included), so it can be a chapter file. */
export function forkChild(file: string): ChildProcess {
  const child = fork(file, [CHILD], { stdio: 'inherit' });
  // Listen for "ready" from the start: a message nobody listens for is lost.
  const ready = new Promise<boolean>((resolve) => {
    const onMessage = (message: unknown) => message === 'ready' && settle(true);
    const settle = (isReady: boolean) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(isReady);
    };
    const onExit = () => settle(false);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  readiness.set(child, ready);
  return child;
}

/** Gives `socket` to `child` once the child is ready for it. The socket then belongs to
 *  the child: this process closes its own copy as soon as it has been sent. */
export async function handOff(
  child: ChildProcess, socket: Socket, sent = () => {},
): Promise<void> {
  const ready = await readiness.get(child);
  // Nobody will serve it:
  if (!ready || !child.connected || socket.destroyed) return void socket.destroy();
  child.send('socket', socket, (error) => (error ? socket.destroy() : sent()));
}

/** In a child: serves every socket the parent sends, and goes when the parent does.
 *  It says "ready" only once it listens, for the same reason. */
export function serveSentSockets(serve: (socket: Socket) => void): void {
  process.on('message', (message, handle) => {
    if (message === 'socket' && handle instanceof Socket) serve(handle);
  });
  process.once('disconnect', () => process.exit(0));
  process.send!('ready');
}
// #endregion hand-off

// #region forking-server
/**
 * Stevens' fork()-per-connection server, in Node: the parent only accepts, and each
 * client gets a process of its own, which sends the time and exits. (A thread each
 * is not on offer: Node's threads can't share a socket.)
 */
export function createForkingDaytimeServer(log: Log = console.log): Server {
  // pauseOnConnect: the parent never reads; the child does all the talking.
  return createServer({ pauseOnConnect: true }, (socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const accepted = performance.now();
    socket.on('error', (error) => log(`${peer}: ${error.message}`));
    const child = forkChild(import.meta.filename);
    child.once('error', (error) =>
      log(`${peer}: cannot start a process: ${error.message}`));
    void handOff(child, socket, () => {
      const ms = Math.round(performance.now() - accepted);
      log(`${peer}: handed to process ${child.pid}, ${ms} ms after it connected`);
    });
    child.once('exit', (code) =>
      log(`${peer}: process ${child.pid} exited with ${code}`));
  });
}

/** What each child process does with its one client. */
function tellTheTimeAndGo(socket: Socket): void {
  socket.on('error', () => process.exit(1));
  socket.end(daytimeLine(), () => process.disconnect()); // done: let go of the parent
}
// #endregion forking-server

// #region read-daytime
/** Connects, reads one line, and lets go of the socket whatever happens. */
export function readDaytime(
  port: number,
  timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST);
    const lines = createInterface({ input: socket });

    let finished = false;
    const finish = (error: Error | null, line = '') => {
      if (finished) return; // several events below can fire; the first decides
      finished = true;
      lines.close();
      socket.destroy(); // release it now, not when the garbage collector runs
      if (error) reject(error);
      else resolve(line);
    };

    lines.once('line', (line) => finish(null, line));
    socket.once('end', () => {
      finish(new Error('the server hung up without sending the time'));
    });
    // readline passes its input's errors (ECONNREFUSED, ...) on as its own.
    lines.once('error', (error) => finish(error));
    socket.setTimeout(timeoutMs, () => {
      finish(new Error(`no answer within ${timeoutMs} ms`));
    });
  });
}
// #endregion read-daytime

// #region programs
/** A careful server, serving until Ctrl-C; `kind` says which. */
async function serveTime(server: Server, port: number, kind: string): Promise<void> {
  const actual = await serve('daytime server', server, port);
  console.log(`Daytime server${kind} on ${HOST}:${actual}. Stop it with Ctrl-C.`);
  console.log('In another terminal, run:');
  console.log(`  PORT=${actual} npx tsx chapters/daytime.ts client`);
}

async function client(port: number): Promise<void> {
  try {
    console.log(await readDaytime(port));
  } catch (error) {
    fail('daytime client', error);
  }
}

async function demo(port: number): Promise<void> {
  const server = createDaytimeServer((line) => console.log(`server: ${line}`));
  try {
    const actual = await listen(server, port);
    console.log(`server: listening on ${HOST}:${actual}`);
    console.log(`client: ${await readDaytime(actual)}`);
  } catch (error) {
    fail('daytime demo', error);
  } finally {
    server.close();
  }
}
// #endregion programs

// #region main
if (process.argv[1] === import.meta.filename && process.argv[2] === CHILD) {
  // A forking server's child, not a program of the menu:
  serveSentSockets(tellTheTimeAndGo);
} else if (process.argv[1] === import.meta.filename) {
  const programs = {
    'first-server': firstServer,
    'first-client': firstClient,
    server: (port: number) => serveTime(createDaytimeServer(), port, ''),
    client,
    'forking-server': (port: number) =>
      serveTime(createForkingDaytimeServer(), port, ', a process per client'),
    demo,
  };
  runChosenProgram('daytime', programs, DAYTIME_PORT, 'demo');
}
// #endregion main
