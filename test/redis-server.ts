// A real redis-server for the tests: on a free port, in a temporary directory, keeping nothing on
// disk, and stopped by its own pid, also when a test fails or the test process dies.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisReady, spawnRedis } from '../chapters/processes.ts';
import { freePort } from '../chapters/program.ts';

const INSTALL = 'apt-get install redis-server';

/** Why the Redis tests can't run here, or undefined when they can. */
export function redisMissing(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  return `no redis-server binary on PATH: install it with \`${INSTALL}\` (Debian package redis-server)`;
}

/** Every redis-server still running, killed when this test process exits, whatever happened,
 *  and every temporary directory not yet removed. */
const running = new Set<ChildProcess>();
const directories = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Whether the server is running (paused counts as running). */
  alive(): boolean;
  /** Kills the server (SIGKILL: an outage, not a shutdown) and resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty, as after a crash without persistence. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
  /** Kills it for good and removes its directory. */
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'house-redis-test-'));
  directories.add(dir);
  const removeDir = () => {
    rmSync(dir, { recursive: true, force: true });
    directories.delete(dir);
  };
  let child = await launch(port, dir).catch((error: Error) => {
    removeDir();
    throw error;
  });

  const alive = () => child.exitCode === null && child.signalCode === null;
  const kill = async () => {
    if (!alive()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    running.delete(child);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    alive,
    kill,
    pause: () => { child.kill('SIGSTOP'); },
    resume: () => { child.kill('SIGCONT'); },
    restart: async () => {
      await kill();
      child = await launch(port, dir);
    },
    stop: async () => {
      await kill();
      removeDir();
    },
  };
}

/** Starts the server the way the chapter does, and kills it when this process exits if nobody did before. */
async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawnRedis(port, dir);
  running.add(child);
  await redisReady(child);
  return child;
}
