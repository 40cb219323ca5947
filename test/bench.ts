// npm run bench: House against a careful node:http implementation of the same chat, measured side by side.
//
// Each server is its own process, started the way a reader starts it; the load generator (wrk, or autocannon
// when wrk is not installed) and the fan-out subscribers are processes of their own too. Rounds interleave
// the two servers, so whatever else the machine is doing hits both alike. What is printed is a ratio to
// node:http; the raw figures and the machine are saved as JSON (docs/data/bench.json), which the chapter
// "How fast is it?" draws its charts from.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fanout, IDLE_MS, WARM_UP_MESSAGES, type FanoutResult, type Scenario } from './bench/fanout.ts';
import { postLoad, tool, toolVersion, type Load } from './bench/load.ts';
import { describeMachine } from './bench/machine.ts';
import { HOUSE, NODE_HTTP, RunningServer, root, type ServerKind } from './bench/server.ts';
import type { RedisFanoutResult } from './bench/redis-fanout.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const OUTPUT = process.env.BENCH_OUTPUT ?? join(root, 'docs/data/bench.json');
const SETTINGS = {
  connections: 32,          // wrk's connections for the POST scenarios
  postSeconds: 3,
  warmupSeconds: 1,
  fanout: [
    { subscribers: 1_000, messages: 200, intervalMs: 20 },
    { subscribers: 10_000, messages: 40, intervalMs: 250 },
  ] satisfies Scenario[],
  /** Ten messages at a time, pipelined on one connection: they reach the server in one turn. */
  burst: [
    { subscribers: 1_000, messages: 200, intervalMs: 20, burst: 10 },
    { subscribers: 10_000, messages: 100, intervalMs: 250, burst: 10 },
  ] satisfies Scenario[],
};

interface PostResult extends Load {
  cpuSeconds: number;
  perSecond: number;
  cpuUsPerRequest: number;
  kernelUsPerRequest: number;
}

interface Round {
  round: number;
  server: string;
  closing: PostResult;
  keepAlive: PostResult;
  fanout: FanoutResult[];
  burst: FanoutResult[];
}

async function posts(server: RunningServer, closing: boolean): Promise<PostResult> {
  const before = server.usage();
  const load = await postLoad({ port: server.port, connections: SETTINGS.connections, seconds: SETTINGS.postSeconds, closing });
  const after = server.usage();
  const cpuSeconds = after.cpuSeconds - before.cpuSeconds;
  if (load.errors > 0) throw new Error(`${server.kind.name}: ${load.errors} errors under ${closing ? 'closing' : 'keep-alive'} load`);
  return {
    ...load, cpuSeconds, perSecond: load.requests / load.seconds, cpuUsPerRequest: (cpuSeconds * 1e6) / load.requests,
    kernelUsPerRequest: ((after.kernelSeconds - before.kernelSeconds) * 1e6) / load.requests,
  };
}

/** Starts one server per kind, warms each up, runs `run` on each, and stops them all. */
async function withServers<T>(kinds: ServerKind[], run: (servers: RunningServer[]) => Promise<T>): Promise<T> {
  const servers: RunningServer[] = [];
  try {
    for (const kind of kinds) servers.push(await RunningServer.start(kind));
    for (const server of servers) {
      await postLoad({ port: server.port, connections: SETTINGS.connections, seconds: SETTINGS.warmupSeconds, closing: false });
    }
    return await run(servers);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** One round: each scenario on one server, then at once on the other, so that the two figures
 *  of a pair are seconds apart and whatever else the machine does hits both. */
async function round(kinds: ServerKind[], number: number): Promise<Round[]> {
  const partial = new Map(kinds.map((kind) => [kind.name, { round: number, server: kind.name } as Partial<Round>]));
  const [small, large] = SETTINGS.fanout;
  const [smallBurst, largeBurst] = SETTINGS.burst;
  await withServers(kinds, async (servers) => {
    for (const server of servers) partial.get(server.kind.name)!.closing = await posts(server, true);
    for (const server of servers) partial.get(server.kind.name)!.keepAlive = await posts(server, false);
    for (const server of servers) partial.get(server.kind.name)!.fanout = [await fanout(server, small)];
    for (const server of servers) partial.get(server.kind.name)!.burst = [await fanout(server, smallBurst)];
  });
  // 10k streams on fresh servers, so that memory per stream is not muddied by the runs before.
  for (const kind of kinds) {
    await withServers([kind], async ([server]) => {
      partial.get(kind.name)!.fanout!.push(await fanout(server!, large, IDLE_MS));
      partial.get(kind.name)!.burst!.push(await fanout(server!, largeBurst));
    });
  }
  const rounds = [...partial.values()] as Round[];
  for (const { server, closing, keepAlive, fanout: [one, ten], burst: [burstOne, burstTen] } of rounds) {
    const cpu = (f: FanoutResult | undefined) => f!.cpuUsPerDelivery.toFixed(2);
    console.log(`  round ${number} ${server}: ${Math.round(closing.perSecond)} closing/s, ` +
      `${Math.round(keepAlive.perSecond)} keep-alive/s, fan-out ${cpu(one)} / ${cpu(ten)} µs CPU per ` +
      `delivery, p99 ${ten!.p99Ms.toFixed(1)} ms, bursts ${cpu(burstOne)} / ${cpu(burstTen)} µs, ` +
      `${(ten!.bytesPerIdleStream / 1000).toFixed(1)} kB per idle stream`);
  }
  return rounds;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Row {
  key: string;
  label: string;
  unit: string;
  house: number;
  node: number;
  ratio: number;
  goal: string;
  met: boolean;
}

function summarize(rounds: Round[]): Row[] {
  const of = (name: string, pick: (r: Round) => number) => median(rounds.filter((r) => r.server === name).map(pick));
  /** The median of each round's own ratio: a pair measured seconds apart shares the machine's mood. */
  const ratioOf = (pick: (r: Round) => number) => median([...new Set(rounds.map((r) => r.round))].map((n) => {
    const [house, node] = [HOUSE.name, NODE_HTTP.name].map((name) => pick(rounds.find((r) => r.round === n && r.server === name)!));
    return house! / node!;
  }));
  const row = (key: string, label: string, unit: string, pick: (r: Round) => number, goal: (ratio: number, house: number) => [string, boolean]): Row => {
    const house = of(HOUSE.name, pick);
    const node = of(NODE_HTTP.name, pick);
    const ratio = ratioOf(pick);
    const [text, met] = goal(ratio, house);
    return { key, label, unit, house, node, ratio, goal: text, met };
  };
  const atMost = (limit: number) => (ratio: number): [string, boolean] => [`≤ ${limit}×`, ratio <= limit];
  const atLeast = (limit: number) => (ratio: number): [string, boolean] => [`≥ ${limit}×`, ratio >= limit];
  return [
    row('closingCpu', 'closing POST, server CPU per request', 'µs', (r) => r.closing.cpuUsPerRequest, atMost(1)),
    row('closingRate', 'closing POST, requests/s', '/s', (r) => r.closing.perSecond, () => ['', true]),
    row('keepAliveRate', 'keep-alive POST, requests/s', '/s', (r) => r.keepAlive.perSecond, atLeast(1.3)),
    row('keepAliveCpu', 'keep-alive POST, server CPU per request', 'µs', (r) => r.keepAlive.cpuUsPerRequest, () => ['', true]),
    row('keepAliveKernel', 'keep-alive POST, of which in the kernel', 'µs', (r) => r.keepAlive.kernelUsPerRequest, () => ['', true]),
    row('fanout1kCpu', 'fan-out, server CPU per delivery, 1k subscribers', 'µs', (r) => r.fanout[0]!.cpuUsPerDelivery, atMost(0.75)),
    row('fanout10kCpu', 'fan-out, server CPU per delivery, 10k subscribers', 'µs', (r) => r.fanout[1]!.cpuUsPerDelivery, atMost(0.75)),
    row('fanout10kKernel', 'fan-out, of which in the kernel, 10k subscribers', 'µs', (r) => r.fanout[1]!.kernelUsPerDelivery, () => ['', true]),
    row('fanout10kP50', 'fan-out p50 latency at 10k subscribers', 'ms', (r) => r.fanout[1]!.p50Ms, () => ['', true]),
    row('fanout10kP99', 'fan-out p99 latency at 10k subscribers', 'ms', (r) => r.fanout[1]!.p99Ms, atMost(0.6)),
    row('burst1kCpu', 'bursts of 10, server CPU per delivery, 1k subscribers', 'µs', (r) => r.burst[0]!.cpuUsPerDelivery, atMost(0.3)),
    row('burst10kCpu', 'bursts of 10, server CPU per delivery, 10k subscribers', 'µs', (r) => r.burst[1]!.cpuUsPerDelivery, atMost(0.3)),
    row('burst1kP99', 'bursts of 10, p99 latency at 1k subscribers', 'ms', (r) => r.burst[0]!.p99Ms, atMost(0.5)),
    row('burst10kP99', 'bursts of 10, p99 latency at 10k subscribers', 'ms', (r) => r.burst[1]!.p99Ms, atMost(0.5)),
    row('idleBytes', 'idle memory per open stream (10k streams)', 'kB', (r) => r.fanout[1]!.bytesPerIdleStream / 1000,
      (_, house) => ['≤ 5 kB', house <= 5]),
  ];
}

function deliveredOnceInOrder(rounds: Round[], name: string): boolean {
  return rounds.filter((r) => r.server === name).every((r) =>
    [...r.fanout, ...r.burst].every((f) => f.wrong === 0 && f.missing === 0 && f.deliveries === f.subscribers * f.messages));
}

function number(value: number, unit: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function printTable(rows: Row[], rounds: Round[]): void {
  const lines = [
    '| | House | node:http | House ÷ node:http | goal | met |',
    '|---|---:|---:|---:|---:|:---:|',
    ...rows.map((r) => `| ${r.label} | ${number(r.house, r.unit)} | ${number(r.node, r.unit)} | ${r.ratio.toFixed(2)}× | ${r.goal} | ${r.goal ? (r.met ? 'yes' : 'no') : ''} |`),
    `| every message delivered once, in order | ${deliveredOnceInOrder(rounds, HOUSE.name) ? 'yes' : 'no'} | ` +
      `${deliveredOnceInOrder(rounds, NODE_HTTP.name) ? 'yes' : 'no'} | | yes | ${deliveredOnceInOrder(rounds, HOUSE.name) ? 'yes' : 'no'} |`,
  ];
  console.log(`\n${lines.join('\n')}\n`);
}

/** Each fan-out scenario's CPU split into the server's own and the kernel's, its writes, its latency. */
function printFanoutTable(rounds: Round[]): void {
  const lines = [
    '| fan-out | server | CPU/delivery | user | kernel | writes/delivery | p50 | p99 |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const pick of [0, 1].flatMap((i) => [(r: Round) => r.fanout[i]!, (r: Round) => r.burst[i]!])) {
    for (const name of [HOUSE.name, NODE_HTTP.name]) {
      const runs = rounds.filter((r) => r.server === name).map(pick);
      const m = (f: (x: FanoutResult) => number) => median(runs.map(f));
      const { subscribers, burst } = runs[0]!;
      lines.push(`| ${subscribers / 1000}k, ${burst === 1 ? 'one at a time' : `bursts of ${burst}`} | ${name} | ` +
        `${number(m((f) => f.cpuUsPerDelivery), 'µs')} | ${number(m((f) => f.userUsPerDelivery), 'µs')} | ` +
        `${number(m((f) => f.kernelUsPerDelivery), 'µs')} | ${m((f) => f.writesPerDelivery).toFixed(2)} | ` +
        `${number(m((f) => f.p50Ms), 'ms')} | ${number(m((f) => f.p99Ms), 'ms')} |`);
    }
  }
  console.log(`${lines.join('\n')}\n`);
}

function printRedisTable(rows: RedisFanoutResult[]): void {
  const [first] = rows;
  if (!first) return;
  const lines = [
    `| House, ${first.subscribers} subscribers × ${first.messages} messages | deliveries/s | p50 | p99 | once, in order |`,
    '|---|---:|---:|---:|:---:|',
    ...rows.map((r) => `| ${r.scenario} | ${r.deliveriesPerSecond.toFixed(0)} | ${number(r.p50Ms, 'ms')} | ` +
      `${number(r.p99Ms, 'ms')} | ${r.deliveredOnceInOrder ? 'yes' : 'no'} |`),
  ];
  console.log(`${lines.join('\n')}\n`);
}

/** Fan-out through Redis, measured by its own script where redis-server is installed. */
async function redisFanout(): Promise<RedisFanoutResult[] | string> {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'skipped: redis-server is not installed';
  }
  const out = await new Promise<string>((resolve, reject) => {
    const script = join(root, 'test/bench/redis-fanout.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.once('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`redis-fanout exited ${code}`))));
  });
  return out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as RedisFanoutResult);
}

/** A second House to measure in the same rounds (BENCH_BEFORE: a checkout of it, such as one that writes
 *  every message on its own), saved beside the first: before and after then share node:http and the
 *  machine's mood, where two runs an hour apart would not. */
const BEFORE_CHECKOUT = process.env.BENCH_BEFORE;
const BEFORE: ServerKind | undefined = BEFORE_CHECKOUT === undefined ? undefined : {
  name: 'House before', command: ['npm', '--prefix', BEFORE_CHECKOUT, 'start'], ready: HOUSE.ready,
};
const BEFORE_OUTPUT = process.env.BENCH_BEFORE_OUTPUT ?? join(root, 'docs/data/bench-before.json');

async function main(): Promise<void> {
  const began = Date.now();
  const machine = describeMachine();
  console.log(`House vs node:http: ${ROUNDS} interleaved rounds, load by ${tool}, on ${machine.cores} × ${machine.cpu}, Node ${machine.node}`);
  const kinds = [HOUSE, NODE_HTTP, ...(BEFORE ? [BEFORE] : [])];
  const rounds: Round[] = [];
  for (let i = 1; i <= ROUNDS; i++) {
    // Each round another server goes first.
    rounds.push(...await round(kinds.map((_, k) => kinds[(k + i - 1) % kinds.length]!), i));
  }
  const redis = await redisFanout();
  if (typeof redis === 'string') console.log(`fan-out through Redis: ${redis}`);
  const seconds = Math.round((Date.now() - began) / 1000);
  const save = (output: string, theirs: Round[], redisResults: typeof redis) => {
    const rows = summarize(theirs);
    printTable(rows, theirs);
    printFanoutTable(theirs);
    if (typeof redisResults !== 'string') printRedisTable(redisResults);
    const results = {
      date: new Date(began).toISOString(),
      seconds,
      machine,
      load: { tool, version: toolVersion() },
      settings: { rounds: ROUNDS, idleMs: IDLE_MS, warmUpMessages: WARM_UP_MESSAGES, ...SETTINGS },
      summary: rows,
      deliveredOnceInOrder: { house: deliveredOnceInOrder(theirs, HOUSE.name), node: deliveredOnceInOrder(theirs, NODE_HTTP.name) },
      redis: redisResults,
      rounds: theirs,
    };
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, `${JSON.stringify(results, null, 1)}\n`);
    console.log(`Raw results: ${output} (${seconds} s)`);
  };
  save(OUTPUT, rounds.filter((r) => r.server !== BEFORE?.name), redis);
  if (BEFORE) {
    console.log(`\n${BEFORE.name} (${BEFORE_CHECKOUT}), in the same rounds:`);
    const theirs = rounds.filter((r) => r.server !== HOUSE.name)
      .map((r) => (r.server === BEFORE.name ? { ...r, server: HOUSE.name } : r));
    save(BEFORE_OUTPUT, theirs, `not measured for ${BEFORE.name}`);
  }
}

await main();
