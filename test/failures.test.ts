import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST, listen } from '../chapters/program.ts';
import {
  addressInUse,
  connectionRefused,
  connectionReset,
  endOfFile,
  listenerAtOnce,
  writeAfterEnd,
  writeAfterHangUp,
} from '../chapters/failures.ts';
import { Arrivals, openSocket, runChapter, written, type RunningProgram } from './helpers.ts';

const programs: RunningProgram[] = [];
function run(...args: string[]): RunningProgram {
  const program = runChapter('failures', {}, args);
  programs.push(program);
  return program;
}
afterEach(async () => {
  await Promise.all(programs.splice(0).map((program) => program.stop('SIGKILL')));
});

describe('each failure, provoked for real on 127.0.0.1', () => {
  it('connection refused: ECONNREFUSED from connect', async () => {
    const outcome = await connectionRefused();
    expect(outcome.seen).toBe('ECONNREFUSED');
    expect(outcome.detail).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+/);
  });

  it('reset by peer: ECONNRESET from read', async () => {
    const outcome = await connectionReset();
    expect(outcome.seen).toBe('ECONNRESET');
    expect(outcome.detail).toMatch(/^read ECONNRESET/);
  });

  it('writing after the peer hung up: the first write goes, a later one fails with EPIPE', async () => {
    const outcome = await writeAfterHangUp();
    expect(outcome.seen).toBe('EPIPE');
    const writes = Number(outcome.detail.match(/after (\d+) write/)![1]);
    expect(writes).toBeGreaterThanOrEqual(2); // the first write cannot fail: it is what provokes the reset
    expect(writes).toBeLessThan(100);
    // And this process is still here: Node ignores SIGPIPE, so a broken pipe is an error, not a death.
  });

  it('writing after our own end(): ERR_STREAM_WRITE_AFTER_END, without touching the network', async () => {
    const outcome = await writeAfterEnd();
    expect(outcome).toEqual({ seen: 'ERR_STREAM_WRITE_AFTER_END', detail: 'write after end' });
  });

  it("writing after our own destroy(): ERR_STREAM_DESTROYED (the page mentions this cousin)", async () => {
    const server = createServer((socket) => socket.resume());
    const port = await listen(server, 0);
    try {
      const socket = connect(port, HOST);
      await once(socket, 'connect');
      socket.destroy();
      const error = await new Promise<NodeJS.ErrnoException | null | undefined>((resolve) => {
        socket.write('too late\n', resolve);
      });
      expect(error?.code).toBe('ERR_STREAM_DESTROYED');
    } finally {
      server.close();
    }
  });

  it('end of file: no error, an end event after zero bytes', async () => {
    expect(await endOfFile()).toEqual({ seen: 'end', detail: 'the peer finished sending after 0 bytes' });
  });

  it('address already in use: EADDRINUSE from listen', async () => {
    const outcome = await addressInUse();
    expect(outcome.seen).toBe('EADDRINUSE');
    expect(outcome.detail).toMatch(/^listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+/);
  });
});

describe('the race between accepting a connection and listening for its errors', () => {
  it("a listener attached in the 'connection' callback hears a reset that comes at once", async () => {
    expect(await listenerAtOnce()).toEqual({ seen: 'ECONNRESET', detail: 'read ECONNRESET: heard by the listener' });
  });

  // The other side, a listener attached after an await, runs only as a program (race-too-late, checked
  // with the others below): inside Vitest an uncaught exception fails the run, whoever catches it.
});

describe('where resets come from', () => {
  it('a program that closes its socket with unread data in it makes the kernel send a reset', async () => {
    const serverSides = new Arrivals<Socket>('connections');
    const server = createServer({ pauseOnConnect: true }, (socket) => serverSides.push(socket));
    const port = await listen(server, 0);
    try {
      const client = await openSocket(port);
      const [serverSide] = await serverSides.until(1);
      await written(client, 'a request nobody will read\n'); // now waiting, unread, at the server
      serverSide!.destroy(); // close without reading: the kernel sends RST, not FIN
      const [error] = await once(client, 'error');
      expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    } finally {
      server.close();
    }
  });
});

describe('address in use, and what is not', () => {
  it('a new server can listen on the port a stopped one just left, despite TIME_WAIT', async () => {
    const first = createServer((socket) => socket.end('bye\n')); // the server closes first: it keeps TIME_WAIT
    const port = await listen(first, 0);
    const client = connect(port, HOST);
    client.resume();
    await once(client, 'close');
    await new Promise((resolve) => first.close(resolve));

    const second = createServer();
    await expect(listen(second, port)).resolves.toBe(port);
    second.close();
  });
});

describe('the program', () => {
  it('all: demonstrates every failure and both sides of the race, says what it saw, and leaves nothing open', async () => {
    const program = run('all');
    // It exits by itself: a server or socket left open would keep its event loop, and so it, alive.
    expect(await program.exited()).toBe(0);
    const lines = program.output().trim().split('\n').filter((line) => !/npm warn/.test(line));
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^refused: ECONNREFUSED \(connect ECONNREFUSED 127\.0\.0\.1:\d+: nobody is listening there\)$/);
    expect(lines[1]).toMatch(/^reset: ECONNRESET \(read ECONNRESET: the peer reset the connection\)$/);
    expect(lines[2]).toMatch(/^hung-up: EPIPE \(write EPIPE after \d+ write\(s\) to a peer that had hung up\)$/);
    expect(lines[3]).toBe('write-after-end: ERR_STREAM_WRITE_AFTER_END (write after end)');
    expect(lines[4]).toBe('eof: end (the peer finished sending after 0 bytes)');
    expect(lines[5]).toMatch(/^in-use: EADDRINUSE \(listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+: another server already listens there\)$/);
    expect(lines[6]).toBe('race-at-once: ECONNRESET (read ECONNRESET: heard by the listener)');
    expect(lines[7]).toBe('race-too-late: ECONNRESET (read ECONNRESET: no listener yet; this would have crashed the server)');
  });

  it('runs one demonstration by name', async () => {
    const program = run('refused');
    expect(await program.exited()).toBe(0);
    expect(program.output()).toMatch(/^refused: ECONNREFUSED/m);
    expect(program.output()).not.toMatch(/^reset:/m);
  });

  it('with no name runs every demonstration in turn, and names them', async () => {
    const program = run();
    expect(await program.exited()).toBe(0);
    expect(program.output()).toMatch(/^Running "all"\. Usage: .*npx tsx chapters\/failures\.ts <refused\|reset\|hung-up\|write-after-end\|eof\|in-use\|race-at-once\|race-too-late\|all>$/m);
    for (const name of ['refused', 'reset', 'hung-up', 'write-after-end', 'eof', 'in-use', 'race-at-once', 'race-too-late']) {
      expect(program.output()).toMatch(new RegExp(`^${name}: `, 'm'));
    }
    expect(program.output()).not.toMatch(/demonstration itself failed/);
  });

  it('prints the usage for an unknown name', async () => {
    const program = run('meltdown');
    expect(await program.exited()).toBe(2);
    expect(program.output()).toMatch(/Unknown program "meltdown"/);
    expect(program.output()).toMatch(/npx tsx chapters\/failures\.ts <refused\|reset\|hung-up\|write-after-end\|eof\|in-use\|race-at-once\|race-too-late\|all>/);
  });
});
