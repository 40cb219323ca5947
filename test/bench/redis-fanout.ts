// Fan-out through Redis across two House processes, next to the same fan-out in one process.
//
//   npx tsx test/bench/redis-fanout.ts
//
// Starts a redis-server of its own, the House processes, and a separate client process holding
// every subscriber; posts messages one after another to the first House process, and prints one
// JSON line per scenario: deliveries per second, delivery latency (post sent → event read), and
// whether every subscriber got every message exactly once, in the order posted, with the same ids.
// Bounded: a fixed number of messages, a deadline on every wait, 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startRedisServer } from '../redis-server.ts';

const SUBSCRIBERS = 200;
const MESSAGES = 200;
const DEADLINE_MS = 20_000;
const ROOM = 'bench';
/** The message after the measured ones: each subscriber's stream is in order, so once it has
 *  arrived, any message delivered twice would have arrived too. */
const END = 'end';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const now = () => performance.timeOrigin + performance.now();  // comparable across processes

/** One line of this script's output, one per scenario. */
export interface RedisFanoutResult {
  scenario: string;
  subscribers: number;
  messages: number;
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  deliveredOnceInOrder: boolean;
}

/** What the client process reports once every subscriber has every message, or the deadline passed. */
interface ClientReport {
  latenciesMs: number[];
  lastArrival: number;
  deliveredOnceInOrder: boolean;
}

// ---- the bench ----

const started = new Set<ChildProcess>();

function stop(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  started.delete(child);
}
process.once('exit', () => { for (const child of started) stop(child); });

/** Runs `tsx <args>` in a process group of its own: tsx runs the script in a child, and
 *  stopping the group stops both. */
function run(args: string[], env: Record<string, string>): { child: ChildProcess; line: (pattern: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [tsx, ...args], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], detached: true,
  });
  started.add(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  const line = (pattern: RegExp) => new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} from ${args.join(' ')} within ${DEADLINE_MS} ms:\n${out}`)), DEADLINE_MS);
    const check = () => {
      const match = out.match(pattern);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve(match[1] ?? match[0]);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`)));
    check();
  });
  return { child, line };
}

async function house(env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  const program = run(['chapters/processes.ts', 'serve'], { PORT: '0', ...env });
  const port = Number(await program.line(/House chat on http:\/\/127\.0\.0\.1:(\d+)\//));
  return { port, child: program.child };
}

function post(port: number, message: string): Promise<void> {
  const body = new URLSearchParams({ room: ROOM, name: 'bench', message }).toString();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(
      'POST /send-message HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n' +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.once('close', () => (answer.startsWith('HTTP/1.1 200') ? resolve() : reject(new Error(answer))));
    socket.once('error', reject);
  });
}

async function scenario(name: string, ports: number[]): Promise<RedisFanoutResult> {
  const client = run(['test/bench/redis-fanout.ts', 'client', String(MESSAGES), ...ports.map(String)], {});
  try {
    await client.line(/^ready$/m);
    const firstPost = now();
    for (let i = 1; i <= MESSAGES; i++) await post(ports[0], `m${i} ${now().toFixed(3)}`);
    await post(ports[0], `${END} 0`);  // not measured: whatever arrives before it counts, a repeat too
    const report = JSON.parse(await client.line(/^(\{.*\})$/m)) as ClientReport;
    const sorted = report.latenciesMs.sort((x, y) => x - y);
    const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
    const deliveries = SUBSCRIBERS * MESSAGES;
    return {
      scenario: name, subscribers: SUBSCRIBERS, messages: MESSAGES,
      deliveriesPerSecond: Math.round(deliveries / ((report.lastArrival - firstPost) / 1000)),
      p50Ms: at(0.5), p99Ms: at(0.99),
      deliveredOnceInOrder: report.deliveredOnceInOrder && sorted.length === deliveries,
    };
  } finally {
    stop(client.child);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function bench(): Promise<void> {
  const children: ChildProcess[] = [];
  const redis = await startRedisServer();
  try {
    const single = await house({});
    children.push(single.child);
    console.log(JSON.stringify(await scenario('fan-out, 1 process', [single.port])));
    stop(single.child);

    const pair = await Promise.all([house({ REDIS_URL: redis.url }), house({ REDIS_URL: redis.url })]);
    children.push(...pair.map((p) => p.child));
    console.log(JSON.stringify(await scenario('fan-out via Redis, 2 processes', pair.map((p) => p.port))));
  } finally {
    for (const child of children) stop(child);
    await redis.stop();
  }
}

// ---- the client process: every subscriber, split evenly across the ports ----

async function client(messages: number, ports: number[]): Promise<void> {
  const subscribers = Array.from({ length: SUBSCRIBERS }, (_, i) => subscriber(ports[i % ports.length]));
  await Promise.all(subscribers.map((s) => s.joined));
  console.log('ready');
  const done = subscribers.map((s) => s.complete());
  const deadline = new Promise((resolve) => setTimeout(resolve, DEADLINE_MS).unref());
  await Promise.race([Promise.all(done), deadline]);
  const ids = subscribers[0].ids.join(' ');
  const inOrder = subscribers.every((s) =>
    s.texts.length === messages && s.texts.every((text, i) => text === `m${i + 1}`) && s.ids.join(' ') === ids);
  const report: ClientReport = {
    latenciesMs: subscribers.flatMap((s) => s.latencies),
    lastArrival: Math.max(...subscribers.map((s) => s.lastArrival)),
    deliveredOnceInOrder: inOrder && new Set(subscribers[0].ids).size === messages,
  };
  console.log(JSON.stringify(report));
  for (const s of subscribers) s.socket.destroy();
}

function subscriber(port: number) {
  const socket: Socket = connect(port, '127.0.0.1', () =>
    socket.write(`GET /source?room=${ROOM} HTTP/1.1\r\nHost: bench\r\n\r\n`));
  const state = { socket, texts: [] as string[], ids: [] as string[], latencies: [] as number[], lastArrival: 0 };
  let buffer = '';
  let ended = false;
  let wake = () => {};
  let onJoined = () => {};
  const joined = new Promise<void>((resolve) => (onJoined = resolve));
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const arrived = now();
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (frame.includes('event: joined')) onJoined();
      const data = /^data: (\{.*\})$/m.exec(frame)?.[1];
      const id = /^id: (.*)$/m.exec(frame)?.[1];
      if (data === undefined || id === undefined) continue;
      const [text, sentAt] = (JSON.parse(data) as { message: string }).message.split(' ');
      if (text === END) {
        ended = true;
        continue;
      }
      state.texts.push(text);
      state.ids.push(id);
      state.latencies.push(arrived - Number(sentAt));
      state.lastArrival = arrived;
    }
    wake();
  });
  const complete = () => new Promise<void>((resolve) => {
    wake = () => { if (ended) resolve(); };
    wake();
  });
  return Object.assign(state, { joined, complete });
}

if (process.argv[2] === 'client') {
  const [messages, ...ports] = process.argv.slice(3).map(Number);
  await client(messages, ports);
} else {
  await bench();
}
