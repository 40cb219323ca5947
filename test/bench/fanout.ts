// Fan-out: subscribers in processes of their own, messages posted through the server one at a time or
// in bursts (several POSTs pipelined in one write, so that they arrive in one turn of the server's loop),
// server CPU and write calls per delivery from /proc (once a warm-up has run the delivery code), latency
// from post to arrival, and every message heard once, in order.
import { fork, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { root, type RunningServer } from './server.ts';

/** Streams per client process: a process may hold 20,000 descriptors here. */
const STREAMS_PER_PROCESS = 2_500;

export interface Scenario {
  subscribers: number;
  messages: number;
  /** Pause after each post (or burst). */
  intervalMs: number;
  /** Messages posted at once, pipelined on one connection; 1 posts them one at a time. */
  burst?: number;
}

export interface FanoutResult {
  subscribers: number;
  messages: number;
  burst: number;
  deliveries: number;
  wrong: number;
  missing: number;
  cpuSeconds: number;
  cpuUsPerDelivery: number;
  /** Of that, the server's own code (user time). */
  userUsPerDelivery: number;
  /** And the kernel's (system time): mostly the writes. */
  kernelUsPerDelivery: number;
  /** Write system calls per delivery: 1 when every message is a write of its own. */
  writesPerDelivery: number;
  p50Ms: number;
  p99Ms: number;
  /** Latency at every 5th percentile (0, 5, …, 100), for the chapter's distribution chart. */
  percentilesMs: number[];
  /** Server memory with every stream open and quiet, per stream, over the server before they opened. */
  bytesPerIdleStream: number;
}

type Reply =
  | { type: 'opened' }
  | { type: 'heard'; heard: number; wrong: number; missing: number; latenciesUs: number[] }
  | { type: 'failed'; message: string };

class ClientProcess {
  readonly child: ChildProcess;
  constructor() {
    this.child = fork(join(root, 'test/bench/fanout-client.ts'), [], {
      execArgv: ['--import', 'tsx'], cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  ask<T extends Reply['type']>(command: object, expected: T): Promise<Extract<Reply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`a fan-out client exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: Reply) => {
        this.child.off('exit', onExit);
        if (reply.type === expected) resolve(reply as Extract<Reply, { type: T }>);
        else reject(new Error(`fan-out client: ${JSON.stringify(reply).slice(0, 200)}`));
      });
      this.child.send(command);
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'close' });
    });
  }
}

function post(port: number, agent: Agent, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path: '/send-message', method: 'POST', agent,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`POST got ${res.statusCode}`))));
    });
    req.once('error', reject);
    req.end(body);
  });
}

/** POSTs `bodies` pipelined in one write on a kept-alive socket; resolves once all are answered 200. */
function postBurst(socket: Socket, bodies: string[]): Promise<void> {
  const requests = bodies.map((body) => 'POST /send-message HTTP/1.1\r\nHost: bench\r\n' +
    'Content-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  return new Promise((resolve, reject) => {
    let pending = Buffer.alloc(0);
    let answered = 0;
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = pending.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        if (!head.startsWith('HTTP/1.1 200')) return finish(new Error(`POST got ${head.split('\r\n')[0]}`));
        pending = pending.subarray(end + 4 + length);
        if (++answered === bodies.length) return finish();
      }
    };
    const finish = (error?: Error) => {
      socket.off('data', onData);
      socket.off('error', finish);
      if (error) reject(error); else resolve();
    };
    socket.on('data', onData);
    socket.once('error', finish);
    socket.write(requests.join(''));
  });
}

function openPoster(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

const settle = (ms = 500) => new Promise((resolve) => setTimeout(resolve, ms));
/** Messages posted, the scenario's way, before the measured window opens: the first deliveries run each
 *  server's code cold and compile it, which is a cost of starting, not of delivering. */
export const WARM_UP_MESSAGES = 20;
/** How long the streams stay quiet before the server's memory is read: long enough for V8's memory
 *  reducer (a few seconds of little allocation) to collect what accepting them left behind. */
export const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function fanout(
  server: RunningServer, { subscribers, messages, intervalMs, burst = 1 }: Scenario, idleMs = 500,
): Promise<FanoutResult> {
  const count = Math.ceil(subscribers / STREAMS_PER_PROCESS);
  const clients = Array.from({ length: count }, () => new ClientProcess());
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const poster = burst > 1 ? await openPoster(server.port) : undefined;
  const body = (i: number) => {
    const sentUs = Number(process.hrtime.bigint() / 1000n);
    return `room=fan&name=bench&message=${encodeURIComponent(`m ${i} ${sentUs}`)}`;
  };
  try {
    await settle();
    const before = server.usage();
    await Promise.all(clients.map((c, i) => {
      const share = Math.floor(subscribers / count) + (i < subscribers % count ? 1 : 0);
      return c.ask({ type: 'open', port: server.port, room: 'fan', count: share }, 'opened');
    }));
    await settle(idleMs);
    const open = server.usage();
    const send = async (count: number, text: (i: number) => string) => {
      for (let i = 1; i <= count; i += burst) {
        const numbers = Array.from({ length: Math.min(burst, count - i + 1) }, (_, k) => i + k);
        if (poster) await postBurst(poster, numbers.map(text));
        else await post(server.port, agent, text(i));
        await settle(intervalMs);
      }
    };
    await send(WARM_UP_MESSAGES, () => 'room=fan&name=bench&message=warm-up');
    await settle();
    const warm = server.usage();
    const heard = Promise.all(clients.map((c) => c.ask({ type: 'expect', messages, timeoutMs: 30_000 }, 'heard')));
    await send(messages, body);
    const replies = await heard;
    const after = server.usage();
    const latencies = Float64Array.from(replies.flatMap((r) => r.latenciesUs)).sort();
    const deliveries = replies.reduce((sum, r) => sum + r.heard, 0);
    const cpuSeconds = after.cpuSeconds - warm.cpuSeconds;
    const kernelSeconds = after.kernelSeconds - warm.kernelSeconds;
    const ms = (p: number) => percentile(latencies, p) / 1000;
    return {
      subscribers, messages, burst, deliveries,
      wrong: replies.reduce((sum, r) => sum + r.wrong, 0),
      missing: replies.reduce((sum, r) => sum + r.missing, 0),
      cpuSeconds,
      cpuUsPerDelivery: (cpuSeconds * 1e6) / deliveries,
      userUsPerDelivery: ((cpuSeconds - kernelSeconds) * 1e6) / deliveries,
      kernelUsPerDelivery: (kernelSeconds * 1e6) / deliveries,
      writesPerDelivery: (after.writes - warm.writes) / deliveries,
      p50Ms: ms(50), p99Ms: ms(99),
      percentilesMs: Array.from({ length: 21 }, (_, i) => ms(i * 5)),
      bytesPerIdleStream: (open.rssBytes - before.rssBytes) / subscribers,
    };
  } finally {
    agent.destroy();
    poster?.destroy();
    await Promise.all(clients.map((c) => c.stop()));
  }
}
