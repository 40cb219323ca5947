// The programs' toolbox: what every runnable chapter does the same way, whatever it
// serves. Where to listen and on which port, how to stop on Ctrl-C, and how to end
// with one clear line when something fails. It knows nothing of any protocol, so
// chapters that have nothing else in common can all use it.

// #region imports
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
// #endregion imports

// #region host
/** Every program in this book listens on, and connects to, the loopback interface. */
export const HOST = '127.0.0.1';
// #endregion host

// #region listen
/** Listens on HOST; resolves with the real port (for 0, the system picks one). */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject); // EADDRINUSE comes as an event, not a throw
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A port nobody listens on right now: the one the system picks for a server that
 *  we close at once. For a helper program, such as a database, that needs a port. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, 0);
  await new Promise((closed) => probe.close(closed));
  return port;
}
// #endregion listen

// #region stop-on-signal
/**
 * On Ctrl-C (SIGINT) or SIGTERM: say so, run `stop`, and once it has finished,
 * exit with status 0. A second Ctrl-C while it runs ends the process at once.
 */
export function stopOnSignal(stop: () => unknown): void {
  const onSignal = () => {
    process.off('SIGINT', onSignal); // from now on a signal has its default effect
    process.off('SIGTERM', onSignal);
    console.log('Stopping.');
    Promise.resolve()
      .then(stop)
      .then(() => process.exit(0))
      .catch((error) => fail('stopping', error));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Returns how to stop `server`:
 *  stop accepting, and hang up on everyone still connected. */
export function closer(server: Server): () => Promise<void> {
  const open = new Set<Socket>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return () => new Promise((resolve) => {
    server.close(() => resolve()); // also when it never listened: nothing to close
    for (const socket of open) socket.destroy();
  });
}
// #endregion stop-on-signal

// #region fail
/** A program's last words when it can't go on: what went wrong, in one line (no stack
 *  trace), and a failing exit status. */
export function fail(who: string, error: unknown): never {
  console.error(`${who}: ${(error as Error).message}`);
  process.exit(1);
}
// #endregion fail

// #region serve
/** Serves `server` on `port` until Ctrl-C, which runs `stop` (by default, `closer`'s);
 *  resolves with the port it got. A server that can't listen ends the program,
 *  saying so in one line that starts with `name`. */
export async function serve(
  name: string, server: Server, port: number, stop: () => unknown = closer(server),
): Promise<number> {
  stopOnSignal(stop);
  try {
    return await listen(server, port);
  } catch (error) {
    fail(`${name}: cannot listen on ${HOST}:${port}`, error);
  }
}
// #endregion serve

// #region port
/** A port number is a whole number from 0 to 65535; 0 means "any free port". */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    const got = JSON.stringify(text);
    throw new Error(`PORT must be a whole number from 0 to 65535, got ${got}`);
  }
  return port;
}

/** The port from the environment variable PORT, or `fallback` if it isn't set.
 *  A bad PORT is a mistake in how the program was started: say so, and exit
 *  with status 2 (the shell's "used wrongly") before starting anything. */
export function portFromEnv(fallback: number): number {
  try {
    return parsePort(process.env.PORT ?? String(fallback));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
// #endregion port

// #region choose-program
export type Program = (port: number) => void | Promise<void>;

/** Runs the program named by the first argument. With no argument it runs `fallback`, a
 *  short demonstration that ends by itself, and says which other programs there are. */
export function runChosenProgram(
  chapter: string,
  programs: Record<string, Program>,
  defaultPort: number,
  fallback: string,
): void {
  const given = process.argv[2];
  const name = given ?? fallback;
  const program = programs[name];
  const file = `chapters/${chapter}.ts`;
  const names = Object.keys(programs).join('|');
  const usage = `Usage: [PORT=${defaultPort}] npx tsx ${file} <${names}>`;
  let port: number | undefined;
  try {
    port = parsePort(process.env.PORT ?? String(defaultPort));
  } catch (error) {
    console.error((error as Error).message);
  }
  if (program === undefined || port === undefined) {
    if (program === undefined) console.error(`Unknown program ${JSON.stringify(name)}.`);
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  if (given === undefined) console.log(`Running "${fallback}". ${usage}
`);
  void program(port); // each handles its own failures, or deliberately doesn't
}
// #endregion choose-program
