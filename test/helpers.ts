// Shared helpers for the tests: chapters run as programs, raw HTTP over sockets,
// waiting for what a program prints or a socket receives, and a headless Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Browser } from 'playwright-core';
import type { Writable } from 'node:stream';
import { inject, onTestFinished } from 'vitest';
import { EventStream } from '../chapters/pubsub.ts';
import { compiledChapters } from './chapters-as-js.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** How long any one awaited thing (a line of output, an event) may take: set once, in vitest.config.ts. */
    waitMs: number;
    /** The chapters are Stryker's instrumented copies (vitest.mutation.config.ts): a test that reads
     *  their text, rather than running them, would read code nobody wrote. */
    instrumentedChapters?: boolean;
  }
}

/** The config's wait; 30 s when a file runs outside the config (e.g. through the Vitest API). */
export function defaultWait(): number {
  try {
    return inject('waitMs') ?? 30_000;
  } catch {
    return 30_000;
  }
}

/** Text that arrives in pieces, and promises that resolve when it first matches a pattern. */
class Transcript {
  private text = '';
  private ended: string | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly what: string) {}

  toString(): string {
    return this.text;
  }

  append(chunk: string): void {
    this.text += chunk;
    this.wakeAll();
  }

  /** No more text will come: waiters still waiting fail now, with `reason`. */
  end(reason: string): void {
    this.ended = reason;
    this.wakeAll();
  }

  waitFor(pattern: RegExp, timeoutMs = defaultWait()): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.text.match(pattern);
        if (match) finish(() => resolve(match));
        else if (this.ended !== undefined) finish(() => reject(this.failure(`${this.ended} before showing ${pattern}`)));
      };
      const timer = setTimeout(() => finish(() => reject(this.failure(`no ${pattern} within ${timeoutMs} ms`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private failure(problem: string): Error {
    return new Error(`${this.what}: ${problem}; it showed:\n${this.text}`);
  }
}

/** A log for a chapter's `log` parameter (one line per call) that a test can wait on. */
export function waitableLog(what = 'the log'): {
  log: (line: string) => void;
  lines: () => string[];
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
} {
  const transcript = new Transcript(what);
  const lines: string[] = [];
  return {
    log: (line) => {
      lines.push(line);
      transcript.append(`${line}\n`);
    },
    lines: () => [...lines],
    waitFor: (pattern, timeoutMs) => transcript.waitFor(pattern, timeoutMs),
  };
}

/** Things that arrive one by one (events, messages), and promises that resolve once enough have come. */
export class Arrivals<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly what: string) {}

  push(item: T): void {
    this.items.push(item);
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves with the first `count` items once that many have arrived. */
  until(count: number, timeoutMs = defaultWait()): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.items.length >= count) finish(() => resolve(this.items.slice(0, count)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(
        `only ${this.items.length} of ${count} ${this.what} within ${timeoutMs} ms: ${JSON.stringify(this.items)}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }
}

/**
 * A raw-socket SSE subscriber: sends the GET, keeps the response head, and parses every event after it
 * the way a browser's EventSource does. The socket is destroyed when the test finishes.
 */
export async function subscribeEvents(port: number, path: string, headers: Record<string, string> = {}) {
  const socket: Socket = await openSocket(port);
  onTestFinished(() => { socket.destroy(); });
  let raw = '';
  let head: string | undefined;
  let retry: number | undefined;
  const events = new Arrivals<EventSourceMessage>(`events from GET ${path} on :${port}`);
  const parser = createParser({ onEvent: (event) => events.push(event), onRetry: (ms) => (retry = ms) });
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    if (head !== undefined) return parser.feed(chunk);
    raw += chunk;
    const end = raw.indexOf('\r\n\r\n');
    if (end === -1) return;
    head = raw.slice(0, end);
    parser.feed(raw.slice(end + 4));
  });
  socket.write(httpRequest('GET', path, { headers }));
  return { socket, events, head: () => head, retry: () => retry };
}

export interface RunningProgram {
  process: ChildProcess;
  /** Everything the program printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the program exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the program ends by itself; rejects if it is still running after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number | null>;
  /** Sends a signal (SIGINT by default, like Ctrl-C) and resolves with the exit code. Whatever is left
   *  of the program's process group then (or 5 s later, if it won't stop) is killed. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Process groups of programs still running, killed when this test process exits, whatever happened:
 *  they run detached (a group of their own), so nothing else would stop them. An ordinary exit runs
 *  'exit' listeners; a worker ended by a signal runs none, so the usual signals are caught too, and
 *  raised again once the programs are gone, to end the worker as they would have. */
const running = new Set<number>();
function killAllRunning(): void {
  for (const group of running) killGroup(group, 'SIGKILL');
  running.clear();
}
process.once('exit', killAllRunning);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAllRunning();
    process.kill(process.pid, signal);
  });
}

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // the group is already gone
  }
}

/** Runs `command args` from the repository root in a process group of its own, so that stopping it
 *  stops every process it started too (npm runs tsx, and tsx runs the chapter in a child). */
export function runCommand(command: string, args: string[], env: Record<string, string> = {}): RunningProgram {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const group = child.pid!;
  running.add(group);
  const transcript = new Transcript(`${[command, ...args].join(' ')}`);
  child.stdout!.on('data', (chunk: Buffer) => transcript.append(chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => transcript.append(chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Its output is whole only at 'close': a process can exit before all it printed has been read.
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => {
      transcript.end(`it exited with ${code ?? child.signalCode}`);
      resolve(code);
    });
  });
  // Spawning can fail (a missing command): that ends the program as surely as an exit does.
  child.once('error', (error) => transcript.end(`it failed to start (${error.message})`));

  return {
    process: child,
    output: () => transcript.toString(),
    waitFor: (pattern, timeoutMs) => transcript.waitFor(pattern, timeoutMs),
    exited(timeoutMs = defaultWait()) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms:\n${transcript}`)), timeoutMs);
        void exited.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    async stop(signal = 'SIGINT') {
      // The signal goes to the program itself (a tsx or npm command passes it on once); anything
      // left of its process group afterwards is killed.
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => killGroup(group, 'SIGKILL'), 5_000);
      const code = await exit;
      clearTimeout(timer);
      killGroup(group, 'SIGKILL');  // anything the program left behind, holding its pipes open
      running.delete(group);
      await exited;
      return code;
    },
  };
}

/** Stops `program` once the current test ends, passed or failed (call it inside a test). */
export function stopAfterTest<T extends RunningProgram>(program: T, signal: NodeJS.Signals = 'SIGKILL'): T {
  onTestFinished(async () => { await program.stop(signal); });
  return program;
}

/** Runs a script (and its arguments) with tsx, from the repository root. */
export function runProgram(args: string[], env: Record<string, string> = {}): RunningProgram {
  // tsx's loader in the program's own process, as `npx tsx` loads it, without the tsx command around
  // it: that command passes a signal on to the program and gives it 30 ms to say it got it, or kills
  // it (exit 130), which a busy machine can miss.
  return runCommand(process.execPath, ['--import', 'tsx', ...args], env);
}

/** Runs a chapter file, e.g. runChapter('pubsub', { PORT: '0' }): the chapter compiled to JavaScript,
 *  with node alone (test/chapters-as-js.ts says why). */
export function runChapter(chapter: string, env: Record<string, string> = {}, args: string[] = []): RunningProgram {
  return runCommand(process.execPath, [join(compiledChapters, `${chapter}.mjs`), ...args], env);
}

/** Runs a chapter file with tsx, as a reader runs it (`npx tsx chapters/<chapter>.ts`). */
export function runChapterWithTsx(chapter: string, env: Record<string, string> = {}, args: string[] = []): RunningProgram {
  return runProgram([`chapters/${chapter}.ts`, ...args], env);
}

/** Runs `npm run <script>` (or `npm start`), as the README tells a reader to. */
export function runNpm(script: string, env: Record<string, string> = {}): RunningProgram {
  return runCommand('npm', script === 'start' ? ['start'] : ['run', script], env);
}

/** A port nobody listens on right now: the chapters' own. */
export { freePort } from '../chapters/program.ts';

/** Opens a TCP connection to 127.0.0.1:port and resolves once connected. */
export function openSocket(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Resolves once the socket has closed (at once, if it already has). */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    else socket.once('close', () => resolve());
  });
}

/** Resolves with everything the socket received from now on, once that matches `pattern`. */
export async function receive(socket: Socket, pattern: RegExp, timeoutMs?: number): Promise<string> {
  const heard = record(socket);
  try {
    await heard.waitFor(pattern, timeoutMs);
    return heard.text();
  } finally {
    heard.stop();
  }
}

export interface Recording {
  /** Everything received so far. */
  text(): string;
  /** Resolves with the first match of `pattern` in what was received; rejects if the socket closes first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves once the socket has closed (never, once the recording has stopped). */
  closed: Promise<void>;
  /** Stops recording: a socket that is read many times over gathers no listeners. */
  stop(): void;
}

/** Records what a socket receives from now on, decoded as `encoding` (latin1 keeps one character per byte). */
export function record(socket: Socket, encoding: BufferEncoding = 'utf8'): Recording {
  const transcript = new Transcript('the socket');
  const onData = (chunk: Buffer | string) => transcript.append(typeof chunk === 'string' ? chunk : chunk.toString(encoding));
  let onClose = () => {};
  const whenClosed = new Promise<void>((resolve) => {
    onClose = () => {
      transcript.end('it closed');
      resolve();
    };
  });
  socket.on('data', onData);
  if (socket.closed) onClose();
  else socket.once('close', onClose);
  return {
    text: () => transcript.toString(),
    waitFor: (pattern, ms) => transcript.waitFor(pattern, ms),
    closed: whenClosed,
    stop() {
      socket.off('data', onData);
      socket.off('close', onClose);
    },
  };
}

/** Writes `data` and resolves once the kernel has taken it. Over loopback the kernel hands the bytes
 *  to the receiving socket within that same write, so they are then waiting at the other end. */
export function written(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** Resolves as `promise` does, or rejects once `timeoutMs` (the config's wait unless told) has passed. */
export function within<T>(promise: Promise<T>, what: string, timeoutMs = defaultWait()): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Sends raw bytes and collects everything the server sends until it closes the connection, which
 *  it must do within the config's wait. The socket is destroyed in the end, whatever happened. */
export async function exchange(port: number, ...pieces: (string | Buffer)[]): Promise<string> {
  const socket = await openSocket(port);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  socket.on('error', () => {});  // a reset after the answer still ends the exchange, through 'close'
  const received = () => Buffer.concat(chunks).toString('utf8');
  try {
    const whenClosed = closed(socket);
    for (const piece of pieces) socket.write(piece);
    await within(whenClosed, `the server on :${port} closing the connection`);
    return received();
  } finally {
    socket.destroy();
  }
}

/** An HTTP/1.1 request as raw text, asking the server to close after answering. A body gets its
 *  Content-Length; `headers` may add others or replace `Connection`. */
export function httpRequest(method: string, target: string, options: { headers?: Record<string, string>; body?: string } = {}): string {
  const { headers = {}, body } = options;
  // `Connection: close` unless told otherwise: one request, one answer, then the server hangs up,
  // which is the end `exchange()` waits for (a kept-alive connection would wait out the idle limit).
  const length = body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) };
  const fields = { Host: 'test', Connection: 'close', ...headers, ...length };
  const head = [`${method} ${target} HTTP/1.1`, ...Object.entries(fields).map(([name, value]) => `${name}: ${value}`)];
  return `${head.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

/** A form POST, the way the chat's page sends a message. */
export function formPost(target: string, form: string): string {
  return httpRequest('POST', target, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
}

export interface ParsedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The status line and headers, with the blank line that ends them. */
  head: string;
}

/** Splits one raw HTTP response into status, headers and body. */
export function parseResponse(raw: string): ParsedResponse {
  const split = raw.indexOf('\r\n\r\n');
  if (split === -1) throw new Error(`not a complete HTTP response head: ${JSON.stringify(raw.slice(0, 200))}`);
  const [statusLine, ...fields] = raw.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(fields.map((field) => {
    const colon = field.indexOf(':');
    return [field.slice(0, colon).toLowerCase(), field.slice(colon + 1).trim()];
  }));
  return { status: Number(statusLine!.split(' ')[1]), headers, body: raw.slice(split + 4), head: raw.slice(0, split + 4) };
}

export const statusOf = (response: string): number => parseResponse(response).status;
export const bodyOf = (response: string): string => parseResponse(response).body;

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** Where the browser for the tests comes from, in order of preference. */
export type ChromiumSource = 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';

/** The first Chromium or Chrome on `PATH`, if any. */
function systemChromium(path: string): string | undefined {
  for (const folder of path.split(delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_NAMES) {
      const candidate = join(folder, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** `CHROMIUM_PATH` if set, else a Chromium or Chrome on `PATH`, else the one the npm package
 *  @sparticuz/chromium ships compressed inside itself, unpacked once into node_modules/.cache (~2 s). */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; source: ChromiumSource }> {
  if (env.CHROMIUM_PATH) return { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  const system = systemChromium(env.PATH ?? '');
  if (system) return { path: system, source: 'system' };
  return { path: await unpackedChromium(), source: '@sparticuz/chromium' };
}

/** Unpacks @sparticuz/chromium's browser into a folder of this checkout's own, named by its version.
 *  Left to itself it unpacks into /tmp/chromium, shared by every checkout and version on the machine,
 *  and trusted ever after even if half-written. Here each caller unpacks into a private folder first,
 *  and the first to rename it into place wins. */
async function unpackedChromium(): Promise<string> {
  const manifest = join(root, 'node_modules/@sparticuz/chromium/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const cache = join(root, 'node_modules/.cache');
  const folder = join(cache, `sparticuz-chromium-${version}`);
  const binary = join(folder, 'chromium');
  if (existsSync(binary)) return binary;

  mkdirSync(cache, { recursive: true });
  const scratch = mkdtempSync(join(cache, 'sparticuz-unpacking-'));
  const { default: sparticuz } = await import('@sparticuz/chromium');
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratch;  // it unpacks into os.tmpdir(), which follows TMPDIR
  try {
    await sparticuz.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  try {
    renameSync(scratch, folder);
  } catch (error) {
    if (!existsSync(binary)) throw error;  // not another caller's copy in the way: a real failure
    rmSync(scratch, { recursive: true, force: true });
  }
  return binary;
}

/** A headless Chromium (see findChromium), started the way this machine allows: no sandbox, no GPU,
 *  no background traffic. Playwright's own launch arguments suit it; @sparticuz's (made for AWS Lambda,
 *  with --single-process) would make it die on the first page. */
export async function launchChromium(): Promise<Browser> {
  const { path } = await findChromium();
  // Imported here, not at the top: loading Playwright costs most of a second of CPU, and only the browser
  // tests launch a browser, while every test worker loads this file.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: path,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** The code block of docs/<page>.md marked `<!-- output of: <what> -->`, without its fences: the output a
 *  page shows, for a test to hold against a real run. */
export function pageBlock(page: string, what: string, language = 'text'): string {
  const text = readFileSync(join(root, 'docs', `${page}.md`), 'utf8');
  const marker = `<!-- output of: ${what} -->\n\`\`\`${language}\n`;
  const start = text.indexOf(marker);
  if (start === -1) throw new Error(`docs/${page}.md has no block marked ${JSON.stringify(marker)}`);
  const body = text.slice(start + marker.length);
  return body.slice(0, body.indexOf('\n```')).trimEnd();
}

const streams = new WeakMap<Writable, EventStream>();
/** The event stream over `connection`: the same one each time, as the server has one per
 *  connection, so that subscribing a connection twice is subscribing one stream twice. */
export function eventsOf(connection: Writable): EventStream {
  let events = streams.get(connection);
  if (events === undefined) streams.set(connection, (events = new EventStream(connection)));
  return events;
}
