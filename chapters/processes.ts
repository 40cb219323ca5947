// More than one process: the chat's rooms on Redis when REDIS_URL says so, and a small
// cluster of two House processes and one Redis to try it with.

// #region imports
import { spawn, type ChildProcess } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Rooms } from './chat.ts';
import { fail, freePort, HOST, portFromEnv } from './program.ts';
import { Channels } from './pubsub.ts';
// #endregion imports

// #region rooms-from-env
/** The rooms the environment asks for: on the Redis at REDIS_URL, or, when it is unset,
 *  in this process, exactly as before. The Redis client is imported only in the first
 *  case, so the default server loads no library at all. ROOM_HISTORY_MS shortens how long
 *  a quiet room is kept. */
export async function roomsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Rooms> {
  const historyMs = env.ROOM_HISTORY_MS === undefined
    ? {}
    : { historyMs: wholeMs('ROOM_HISTORY_MS', env.ROOM_HISTORY_MS) };
  if (!env.REDIS_URL) return new Channels(historyMs);
  const { connectRedisRooms } = await import('./redis-rooms.ts');
  return connectRedisRooms(env.REDIS_URL, historyMs);
}

function wholeMs(name: string, text: string): number {
  const ms = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(ms)) {
    const got = JSON.stringify(text);
    throw new Error(`${name} must be a whole number of milliseconds, got ${got}`);
  }
  return ms;
}
// #endregion rooms-from-env

// #region redis-server
/** A redis-server of our own on a free port, keeping nothing on disk;
 *  stopped by its pid. */
async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'house-redis-'));
  const child = spawnRedis(port, dir);
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await redisReady(child);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `redis://${HOST}:${port}`, stop };
}

/** Starts redis-server on `port` with nothing kept on disk (`dir` is where it would
 *  write). The tests start theirs with this too. */
export function spawnRedis(port: number, dir: string): ChildProcess {
  const args = [
    '--port', String(port), '--bind', HOST, '--save', '',
    '--appendonly', 'no', '--dir', dir,
  ];
  return spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Resolves once the server says it accepts connections; rejects if it can't start. */
export function redisReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    const onData = (chunk: Buffer) => {
      said += chunk;
      if (!said.includes('Ready to accept connections')) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();  // from now on, what it logs is dropped: it never blocks
      resolve();
    };
    child.stdout!.on('data', onData);
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT'
      ? new Error('no redis-server here: install it (apt-get install redis-server) ' +
        'or set REDIS_URL to a Redis you have')
      : error));
    child.once('exit', (code) => reject(new Error(
      `redis-server exited with ${code} before it was ready:\n${said}`)));
  });
}
// #endregion redis-server

// #region cluster
/** Two House processes on two ports, one Redis between them. Each worker is this same
 *  file, run by node:cluster; a worker serves, the primary only watches. */
async function demo(): Promise<void> {
  const redis = process.env.REDIS_URL
    ? { url: process.env.REDIS_URL, stop: () => {} }
    : await startRedis();
  const first = portFromEnv(4242);
  const ports = first === 0 ? [0, 0] : [first, first + 1];  // PORT=0: any two free ports
  const workers = ports.map((port) =>
    cluster.fork({ PORT: String(port), REDIS_URL: redis.url }));
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  let running = workers.length;
  cluster.on('exit', (worker: Worker, code) => {
    if (!stopping) {
      console.error(
        `house: process ${worker.process.pid} stopped (${code}); the others go on`);
    }
    if (--running > 0) return;
    redis.stop();
    process.exit(stopping ? 0 : 1);
  });
  const onSignal = () => {
    console.log('Stopping.');
    stopAll();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const listeningOn = await Promise.all(workers.map(listening)).catch((error: Error) => {
    stopAll();
    redis.stop();
    throw error;
  });
  const [a, b] = listeningOn.map((port) => `http://${HOST}:${port}`);
  console.log(`Two House processes share the rooms on ${redis.url}:\n` +
    `  ${a}/   and   ${b}/\n` +
    'Open one in each of two windows and talk, or in three terminals:\n' +
    `  curl -N '${a}/source?room=lobby'\n` +
    `  curl -N '${b}/source?room=lobby'\n` +
    `  curl -d room=lobby -d name=Ada -d 'message=hello both' ${b}/send-message\n` +
    'Ctrl-C stops everything.');
}

/** Resolves with the port a worker listens on;
 *  rejects if it dies first (it says why on its own stderr). */
function listening(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    worker.once('listening', (address) => resolve(address.port));
    worker.once('exit', (code) =>
      reject(new Error(`a House process exited with ${code} before listening`)));
  });
}
// #endregion cluster

// #region main
/** One House process: the chat, with the rooms the environment asks for. `npm start`
 *  runs it, and so does each worker of the cluster. */
async function serve(): Promise<void> {
  await main(await roomsFromEnv());
}

if (process.argv[1] === import.meta.filename) {
  const program = cluster.isWorker || process.argv[2] === 'serve' ? serve : demo;
  program().catch((error) => fail('house', error));
}
// #endregion main
