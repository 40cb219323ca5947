// The load generator, always in a process of its own: wrk when it is installed, autocannon otherwise.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './server.ts';

export interface Load {
  requests: number;
  seconds: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  port: number;
  connections: number;
  seconds: number;
  /** Connection: close on every request, so every request is a new connection. */
  closing: boolean;
}

const BODY = 'room=bench&name=wrk&message=hello+everyone';

export const tool: 'wrk' | 'autocannon' = hasWrk() ? 'wrk' : 'autocannon';

function hasWrk(): boolean {
  if (process.env.BENCH_LOAD === 'autocannon') return false;
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';  // wrk --version exits 1
  }
}

export function toolVersion(): string {
  if (tool === 'wrk') {
    const out = spawnText('wrk', ['--version']);  // "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) …"
    return out.split('\n')[0]!.replace(/\s*\[.*$/, '').trim();
  }
  return `autocannon ${require_('autocannon/package.json').version}`;
}

function require_(name: string): { version: string } {
  return JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require('${name}'))`], { cwd: root, encoding: 'utf8' }));
}

function spawnText(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '');
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} failed (${code}): ${err}${out}`))));
  });
}

export async function postLoad({ port, connections, seconds, closing }: LoadOptions): Promise<Load> {
  const url = `http://127.0.0.1:${port}/send-message`;
  if (tool === 'wrk') {
    const out = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', join(root, 'test/bench/post.lua'), url],
      { BENCH_CLOSE: closing ? '1' : '0' });
    const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
    if (!line) throw new Error(`wrk printed no summary: ${out}`);
    const r = JSON.parse(line) as { requests: number; microseconds: number; errors: number; p50: number; p99: number };
    return { requests: r.requests, seconds: r.microseconds / 1e6, errors: r.errors, p50Ms: r.p50 / 1000, p99Ms: r.p99 / 1000 };
  }
  const args = [join(root, 'node_modules/autocannon/autocannon.js'), '--json', '-c', String(connections), '-d', String(seconds),
    '-m', 'POST', '-H', 'Content-Type=application/x-www-form-urlencoded', '-b', BODY];
  if (closing) args.push('-H', 'Connection=close');
  const out = await run(process.execPath, [...args, url]);
  const r = JSON.parse(out.slice(out.indexOf('{'))) as {
    requests: { total: number }; duration: number; errors: number; non2xx: number; timeouts: number;
    latency: { p50: number; p99: number };
  };
  return {
    requests: r.requests.total, seconds: r.duration, errors: r.errors + r.non2xx + r.timeouts,
    p50Ms: r.latency.p50, p99Ms: r.latency.p99,
  };
}
