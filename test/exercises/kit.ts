// What every exercise check is made of: named steps that each pass or say what is wrong, and small
// tools to talk to the reader's code over 127.0.0.1. No Vitest here: `npm run exercise` runs a check
// as a plain program, and test/exercises.test.ts runs the same checks in-process.
import { once } from 'node:events';
import { connect, type Server, type Socket } from 'node:net';
import { HOST } from '../../chapters/program.ts';

/** How long a check waits for any one thing the reader's code should do (an answer, a close).
 *  Only code that is wrong ever waits this long. */
export const ANSWER_WAIT_MS = 3_000;

/** What one step of a check found. */
export interface StepResult {
  step: string;
  ok: boolean;
  /** What is wrong, when it isn't right yet. */
  problem?: string;
}

/** Thrown by a step to say what isn't right yet, in words for the reader. */
export class NotYet extends Error {}

/** Runs named steps one after another, recording each result; a failing step never stops the rest. */
export class Steps {
  readonly results: StepResult[] = [];

  async step(step: string, body: () => Promise<void> | void): Promise<boolean> {
    try {
      await body();
      this.results.push({ step, ok: true });
      return true;
    } catch (error) {
      const problem = error instanceof NotYet ? error.message : `your code threw: ${describeError(error)}`;
      this.results.push({ step, ok: false, problem });
      return false;
    }
  }

  /** A step that only makes sense once an earlier one passed (and could only wait in vain before). */
  async stepAfter(earlier: boolean, step: string, body: () => Promise<void> | void): Promise<boolean> {
    if (earlier) return this.step(step, body);
    this.results.push({ step, ok: false, problem: 'not checked until the step it builds on is right' });
    return false;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Holds only when a reference solution exports what its starting file does, with the same types. Each
 *  check file says `export type SolutionFits = Fits<typeof Starter, typeof Solution>`, and tsc checks it
 *  (a type-only import: nothing is loaded). */
export type Fits<Starter, Solution extends Starter> = [Starter, Solution];

/** A check: what the reader's module must do, step by step. */
export type Check<Module> = (module: Module, steps: Steps) => Promise<void>;

export interface Exercise<Module> {
  /** One sentence: what to build. */
  task: string;
  check: Check<Module>;
  /** Why the check can't run on this machine (a program it needs is not installed), if it can't. */
  missing?: () => string | undefined;
}

/** Runs a check against one module; the results of every step, in order. */
export async function runCheck<Module>(exercise: Exercise<Module>, module: Module): Promise<StepResult[]> {
  const steps = new Steps();
  await exercise.check(module, steps);
  return steps.results;
}

/** Fails the step with `message` unless `condition` holds. */
export function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new NotYet(message);
}

/** Fails the step unless `got` equals `expected` exactly; the message shows both. */
export function expectEqual<T>(got: T, expected: T, what: string): void {
  if (!Object.is(got, expected) && JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new NotYet(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  }
}

/** Resolves with `promise`, or fails the step with `what` if it takes longer than ANSWER_WAIT_MS. */
export async function within<T>(promise: Promise<T>, what: string, ms = ANSWER_WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotYet(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

// --- Servers the reader builds -------------------------------------------------------------------

/** A reader's node:net server listening on a free port of 127.0.0.1, and how to stop it for sure. */
export interface Listening {
  port: number;
  /** Stops listening and hangs up on every connection still open. */
  stop(): Promise<void>;
}

export async function listenOnFreePort(server: Server): Promise<Listening> {
  const open = new Set<Socket>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  server.listen(0, HOST);
  await within(once(server, 'listening'), 'the server listening');
  const { port } = server.address() as { port: number };
  const stop = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of open) socket.destroy();
  });
  return { port, stop };
}

/** Runs `body` against a server, and stops the server whatever happens. */
export async function withListening<T>(server: Server, body: (port: number) => Promise<T>): Promise<T> {
  const listening = await listenOnFreePort(server);
  try {
    return await body(listening.port);
  } finally {
    await listening.stop();
  }
}

// --- Clients the checks use ------------------------------------------------------------------------

/** One client connection, with everything it has received so far and promises for what comes next. */
export class Client {
  readonly socket: Socket;
  #received = Buffer.alloc(0);
  #ended = false;
  #error: Error | undefined;
  readonly #waiters = new Set<() => void>();
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#received = Buffer.concat([this.#received, chunk]);
      this.#wake();
    });
    socket.on('error', (error) => {
      this.#error = error;
    });
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.#ended = true;
      this.#wake();
      resolve();
    }));
  }

  /** Connects to 127.0.0.1:port; resolves once connected. */
  static async open(port: number): Promise<Client> {
    const socket = connect(port, HOST);
    const client = new Client(socket);
    const connected = new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    await within(connected, `connecting to ${HOST}:${port}`);
    return client;
  }

  /** Everything received so far, as UTF-8 text. */
  text(): string {
    return this.#received.toString('utf8');
  }

  get bytes(): number {
    return this.#received.length;
  }

  /** The error the connection ended with, if any (ECONNRESET, …). */
  get error(): Error | undefined {
    return this.#error;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Resolves with what was received once `done(text)` holds; fails the step if the connection
   *  closes first or nothing like it arrives in time. */
  async waitFor(done: (text: string) => boolean, what: string): Promise<string> {
    let test = () => {};
    const arrived = new Promise<string>((resolve, reject) => {
      test = () => {
        const text = this.text();
        if (done(text)) resolve(text);
        else if (this.#ended) reject(new NotYet(`the connection closed before ${what}; it received ${JSON.stringify(text)}`));
      };
    });
    this.#waiters.add(test);
    test();
    try {
      return await within(arrived, what);
    } catch (error) {
      if (error instanceof NotYet && !error.message.includes('closed before')) {
        throw new NotYet(`${error.message}; received so far: ${JSON.stringify(this.text())}`);
      }
      throw error;
    } finally {
      this.#waiters.delete(test);
    }
  }

  /** Waits until the other side has closed the connection; resolves with everything received. */
  async waitForClose(what: string): Promise<string> {
    await within(this.closed, what);
    return this.text();
  }

  destroy(): void {
    this.socket.destroy();
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** Opens clients and guarantees they are all destroyed at the end. */
export async function withClients<T>(body: (open: (port: number) => Promise<Client>) => Promise<T>): Promise<T> {
  const clients: Client[] = [];
  try {
    return await body(async (port) => {
      const client = await Client.open(port);
      clients.push(client);
      return client;
    });
  } finally {
    for (const client of clients) client.destroy();
  }
}

// --- HTTP, as raw text -----------------------------------------------------------------------------

/** A raw HTTP/1.1 request that asks the server to close after its answer. */
export function httpRequest(method: string, target: string, headers: Record<string, string> = {}): string {
  const fields = { Host: 'exercise', Connection: 'close', ...headers };
  return [`${method} ${target} HTTP/1.1`, ...Object.entries(fields).map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
}

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** Splits a raw HTTP response; a step fails if it isn't one. */
export function parseResponse(raw: string): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const statusLine = raw.slice(0, raw.indexOf('\r\n'));
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  expectThat(split !== -1 && status !== null, `expected an HTTP response, got ${JSON.stringify(raw.slice(0, 200))}`);
  const headers = Object.fromEntries(raw.slice(0, split).split('\r\n').slice(1).map((field) => {
    const colon = field.indexOf(':');
    return [field.slice(0, colon).toLowerCase(), field.slice(colon + 1).trim()];
  }));
  return { status: Number(status[1]), headers, body: raw.slice(split + 4) };
}

/** Sends `request` on a fresh connection and resolves with the response, once the server hangs up. */
export async function exchange(port: number, request: string): Promise<RawResponse> {
  return withClients(async (open) => {
    const client = await open(port);
    client.write(request);
    return parseResponse(await client.waitForClose(`the answer to ${JSON.stringify(request.split('\r\n')[0])}`));
  });
}
