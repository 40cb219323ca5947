// Sockets from the ground up, part three: the ways a connection fails. Each
// demonstration below provokes one failure for real, on 127.0.0.1, and reports
// what Node told us.
//
//   npx tsx chapters/failures.ts refused           nobody listens on the port
//   npx tsx chapters/failures.ts reset             the other side resets
//   npx tsx chapters/failures.ts hung-up           write after the peer hung up
//   npx tsx chapters/failures.ts write-after-end   write after we said goodbye
//   npx tsx chapters/failures.ts eof               the peer closes without a word
//   npx tsx chapters/failures.ts in-use            the port is already taken
//   npx tsx chapters/failures.ts race-at-once      a reset right after accept: heard
//   npx tsx chapters/failures.ts race-too-late     the same, listened for too late
//   npx tsx chapters/failures.ts all               every one of them, in turn
//                                                  (the default)

// #region imports
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOST, listen, runChosenProgram } from './program.ts';
// #endregion imports

// #region outcome
/** What a demonstration saw: an error code (or, for end of file, an event). */
export interface Outcome {
  seen: string;
  detail: string;
}

/** No demonstration may wait forever: each gives up after this long. */
export const DEMO_TIMEOUT_MS = 5_000;

/** Resolves with the next 'error' the socket emits. */
async function nextError(socket: Socket): Promise<NodeJS.ErrnoException> {
  const [error] = await once(socket, 'error', { signal: timeLimit() });
  return error as NodeJS.ErrnoException;
}

function timeLimit(): AbortSignal {
  return AbortSignal.timeout(DEMO_TIMEOUT_MS);
}

/** Runs `body` against a throwaway server on a free port, then closes it all. */
async function withServer<T>(
  onConnection: (socket: Socket) => void,
  body: (port: number) => Promise<T>,
): Promise<T> {
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.on('error', () => {}); // the server side's troubles are not our topic
    onConnection(socket);
  });
  const port = await listen(server, 0);
  try {
    return await body(port);
  } finally {
    server.close();
    for (const socket of connections) socket.destroy();
  }
}
// #endregion outcome

// #region refused
/** Nobody listens on the port: the kernel at the other end answers with a reset. */
export async function connectionRefused(): Promise<Outcome> {
  const port = await withServer(() => {}, async (port) => port); // free just now
  const socket = connect(port, HOST);
  const error = await nextError(socket);
  const detail = `${error.message}: nobody is listening there`;
  return { seen: error.code!, detail };
}
// #endregion refused

// #region reset
/** The peer aborts the connection: here on purpose, usually by crashing. */
export function connectionReset(): Promise<Outcome> {
  return withServer(
    // On our first bytes the server sends a reset (RST), not a goodbye (FIN).
    (socket) => socket.once('data', () => socket.resetAndDestroy()),
    async (port) => {
      const socket = connect(port, HOST);
      socket.write('hello?\n');
      const error = await nextError(socket);
      const detail = `${error.message}: the peer reset the connection`;
      return { seen: error.code!, detail };
    },
  );
}
// #endregion reset

// #region hung-up
/** How often the hang-up demonstration writes before it gives up on an error. */
const MAX_WRITES = 100;

/** The peer has hung up, and we don't notice: we keep writing. */
export function writeAfterHangUp(): Promise<Outcome> {
  return withServer(
    (socket) => socket.destroy(), // the server hangs up at once
    async (port) => {
      // allowHalfOpen: when the peer's side ends, keep ours open. (By default Node
      // ends ours as soon as the peer's ends, which is what most programs want.)
      const socket = connect({ port, host: HOST, allowHalfOpen: true });
      socket.resume();
      await once(socket, 'end', { signal: timeLimit() });

      const failure = nextError(socket);
      let writes = 0;
      while (!socket.destroyed && writes < MAX_WRITES) {
        socket.write('anyone there?\n'); // the first goes; its answer is a reset
        writes++;
        await sleep(10);
      }
      const error = await failure;
      const after = `after ${writes} write(s) to a peer that had hung up`;
      const detail = `${error.message} ${after}`;
      return { seen: error.code!, detail };
    },
  );
}
// #endregion hung-up

// #region write-after-end
/** Our bug: we said goodbye with end(), then wrote. Node refuses, by itself. */
export function writeAfterEnd(): Promise<Outcome> {
  return withServer(
    (socket) => socket.resume(),
    async (port) => {
      const socket = connect(port, HOST);
      await once(socket, 'connect', { signal: timeLimit() });
      socket.end('goodbye\n');
      socket.write('one more thing\n');
      const error = await nextError(socket);
      return { seen: error.code!, detail: error.message };
    },
  );
}
// #endregion write-after-end

// #region eof
/** The peer closes its side without sending a thing: no error, an 'end' event. */
export function endOfFile(): Promise<Outcome> {
  return withServer(
    (socket) => socket.end(),
    async (port) => {
      const socket = connect(port, HOST);
      let bytes = 0;
      socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
      await once(socket, 'end', { signal: timeLimit() });
      const detail = `the peer finished sending after ${bytes} bytes`;
      return { seen: 'end', detail };
    },
  );
}
// #endregion eof

// #region in-use
/** Two servers can't listen on one address and port: the second listen() fails. */
export function addressInUse(): Promise<Outcome> {
  return withServer(
    () => {},
    async (port) => {
      const second = createServer();
      try {
        await listen(second, port);
        second.close();
        return { seen: 'nothing', detail: `a second server listened there too` };
      } catch (error) {
        const { code, message } = error as NodeJS.ErrnoException;
        const detail = `${message}: another server already listens there`;
        return { seen: code!, detail };
      }
    },
  );
}
// #endregion in-use

// #region race
/**
 * The gap between accepting a connection and taking charge of it (where the tutorial's
 * race leaks a socket): something goes wrong before the server has said what to do
 * about errors. Here the client resets the connection the moment it is accepted.
 */
async function resetAsSoonAsAccepted(
  onConnection: (socket: Socket, accepted: () => void) => void,
  outcome: Promise<Outcome>,
): Promise<Outcome> {
  let accepted!: () => void;
  const whenAccepted = new Promise<void>((resolve) => (accepted = resolve));
  const server: Server = createServer((socket) => onConnection(socket, accepted));
  const port = await listen(server, 0);
  const client = connect(port, HOST);
  client.on('error', () => {}); // the client's side of it is not our topic
  void whenAccepted.then(() => client.resetAndDestroy());
  try {
    // An unref'd timer: once the outcome is in,
    // it must not keep the program alive for the rest.
    const deadline = sleep(DEMO_TIMEOUT_MS, undefined, { ref: false }).then(giveUp);
    return await Promise.race([outcome, deadline]);
  } finally {
    client.destroy();
    server.close();
  }
}

function giveUp(): never {
  throw new Error(`no error within ${DEMO_TIMEOUT_MS} ms`);
}

/** The listener attached in the 'connection' callback itself,
 *  as every server here does. */
export function listenerAtOnce(): Promise<Outcome> {
  let heard!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (heard = resolve));
  return resetAsSoonAsAccepted((socket, accepted) => {
    socket.on('error', (error: NodeJS.ErrnoException) => {
      heard({ seen: error.code!, detail: `${error.message}: heard by the listener` });
    });
    accepted();
  }, outcome);
}

/** The listener attached only after an `await`: by then the error has gone by. */
export function listenerTooLate(): Promise<Outcome> {
  let missed!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (missed = resolve));
  // An 'error' nobody listens for is thrown from inside the event loop, where no try
  // can catch it. Only this process-wide handler can, and without it we would be dead.
  const onUncaught = (error: NodeJS.ErrnoException) => {
    const detail =
      `${error.message}: no listener yet; this would have crashed the server`;
    missed({ seen: error.code ?? error.name, detail });
  };
  process.once('uncaughtException', onUncaught);
  return resetAsSoonAsAccepted(async (socket, accepted) => {
    accepted();
    await outcome; // stands for any await: a database, a file, a lookup
    socket.on('error', () => {}); // too late
  }, outcome).finally(() => process.off('uncaughtException', onUncaught));
}
// #endregion race

// #region programs
export const demonstrations: Record<string, () => Promise<Outcome>> = {
  refused: connectionRefused,
  reset: connectionReset,
  'hung-up': writeAfterHangUp,
  'write-after-end': writeAfterEnd,
  eof: endOfFile,
  'in-use': addressInUse,
  'race-at-once': listenerAtOnce,
  'race-too-late': listenerTooLate,
};

async function show(name: string): Promise<void> {
  try {
    const { seen, detail } = await demonstrations[name]!();
    console.log(`${name}: ${seen} (${detail})`);
  } catch (error) {
    const { message } = error as Error;
    console.log(`${name}: the demonstration itself failed: ${message}`);
    process.exitCode = 1;
  }
}

async function all(): Promise<void> {
  for (const name of Object.keys(demonstrations)) await show(name);
}
// #endregion programs

// #region main
if (process.argv[1] === import.meta.filename) {
  const names = Object.keys(demonstrations);
  const programs = Object.fromEntries(names.map((n) => [n, () => show(n)]));
  runChosenProgram('failures', { ...programs, all }, 0, 'all');
}
// #endregion main
