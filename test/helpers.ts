// Shared helpers for tests that run chapters as real programs, the way a reader runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect, type Socket } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

export const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

export interface RunningProgram {
  process: ChildProcess;
  /** Everything the program printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, waiting up to `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the program ends by itself; rejects if it is still running after `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number | null>;
  /** Sends a signal (SIGINT by default, like Ctrl-C) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `npx tsx <file>` (or any script given as `args`) from the repository root. */
export function runProgram(args: string[], env: Record<string, string> = {}): RunningProgram {
  const child = spawn(process.execPath, [tsx, ...args], {
    cwd: root,
    env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    process: child,
    output: () => text,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) { done(); resolve(match); }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern} in output:\n${text}`));
        }, timeoutMs);
        const done = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
        exited.then(() => { if (waiters.has(check)) { done(); reject(new Error(`program exited before printing ${pattern}:\n${text}`)); } });
        check();
      });
    },
    exited(timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms:\n${text}`)), timeoutMs);
        exited.then((code) => { clearTimeout(timer); resolve(code); });
      });
    },
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs a chapter file, e.g. runChapter('pubsub', { PORT: '0' }). */
export function runChapter(chapter: string, env: Record<string, string> = {}, args: string[] = []): RunningProgram {
  return runProgram([`chapters/${chapter}.ts`, ...args], env);
}

/** Opens a TCP connection to 127.0.0.1:port and resolves once connected. */
export function openSocket(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host }, () => { socket.off('error', reject); resolve(socket); });
    socket.once('error', reject);
  });
}

/** Sends raw bytes and collects everything the server sends until it closes the connection. */
export async function exchange(port: number, ...pieces: (string | Buffer)[]): Promise<string> {
  const socket = await openSocket(port);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  for (const piece of pieces) socket.write(piece);
  await closed;
  return Buffer.concat(chunks).toString('utf8');
}

/** Debian's headless Chromium, started the way this machine allows (no downloads, no background traffic).
 *  Set CHROMIUM_PATH to use another build. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}
