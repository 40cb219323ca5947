// A server under test: its own process (and the processes it starts), its port, and what /proc says it used.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../chapters/program.ts';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const TICKS_PER_SECOND = 100;  // USER_HZ: Linux reports CPU time in these, on every architecture
const PAGE_BYTES = 4096;

export interface ServerKind {
  name: string;
  /** The command that starts it, as a reader would type it; PORT comes from the environment. */
  command: string[];
  /** What it prints once it listens. */
  ready: RegExp;
}

export const HOUSE: ServerKind = { name: 'House', command: ['npm', 'start'], ready: /House chat on/ };
export const NODE_HTTP: ServerKind = {
  name: 'node:http',
  command: [process.execPath, join(root, 'node_modules/tsx/dist/cli.mjs'), 'test/bench/node-chat.ts'],
  ready: /node:http chat on/,
};

/** What the server's processes have used so far: CPU seconds, and resident memory. */
export interface Usage {
  cpuSeconds: number;
  /** The part of cpuSeconds spent in the kernel on the server's behalf (system time): its syscalls. */
  kernelSeconds: number;
  rssBytes: number;
  /** Write system calls made so far (write, writev): one per socket per flush of its bytes. */
  writes: number;
}

export class RunningServer {
  private constructor(
    readonly kind: ServerKind,
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly pids: number[],
  ) {}

  static async start(kind: ServerKind): Promise<RunningServer> {
    const port = await freePort();
    const [command, ...args] = kind.command;
    const child = spawn(command!, args, {
      cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind.name} did not start: ${output}`)), 30_000);
      const look = (chunk: Buffer) => {
        output += chunk;
        if (kind.ready.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', look);
      child.stderr!.on('data', look);
      child.once('exit', (code) => reject(new Error(`${kind.name} exited (${code}): ${output}`)));
    });
    return new RunningServer(kind, port, child, processTree(child.pid!));
  }

  /** Summed over the whole tree (npm, tsx and the server itself): only the server moves. */
  usage(): Usage {
    let ticks = 0;
    let kernelTicks = 0;
    let pages = 0;
    let writes = 0;
    for (const pid of this.pids) {
      const fields = statFields(pid);
      if (!fields) continue;
      ticks += Number(fields[11]) + Number(fields[12]);  // utime, stime
      kernelTicks += Number(fields[12]);
      pages += Number(fields[21]);                        // rss
      writes += writeCalls(pid);
    }
    return {
      cpuSeconds: ticks / TICKS_PER_SECOND, kernelSeconds: kernelTicks / TICKS_PER_SECOND,
      rssBytes: pages * PAGE_BYTES, writes,
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      process.kill(-this.child.pid!, 'SIGTERM');  // the whole process group: npm, tsx, node
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      try { process.kill(-this.child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or undefined. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** How many write system calls a process has made: `syscw` in /proc/<pid>/io. */
function writeCalls(pid: number): number {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** `pid` and all its descendants, from the parent ids in /proc. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

