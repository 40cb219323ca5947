import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDaytimeServer, daytimeLine, readDaytime } from '../chapters/daytime.ts';
import { listen, parsePort } from '../chapters/program.ts';
import { closed, freePort, openSocket, runChapter, waitableLog, type RunningProgram } from './helpers.ts';

/** readDaytime's own wait (5 s) is the chapter's: the tests wait as long as the config says. */
const WAIT_MS = inject('waitMs');

const servers: Server[] = [];
const programs: RunningProgram[] = [];
async function serve(server: Server): Promise<number> {
  servers.push(server);
  return listen(server, 0);
}
function run(env: Record<string, string>, ...args: string[]): RunningProgram {
  const program = runChapter('daytime', env, args);
  programs.push(program);
  return program;
}
afterEach(async () => {
  for (const server of servers.splice(0)) server.close();
  await Promise.all(programs.splice(0).map((program) => program.stop('SIGKILL')));
});

describe('the daytime line', () => {
  it('is one CRLF-terminated line holding the current time', () => {
    const now = new Date('2026-03-04T05:06:07Z');
    const line = daytimeLine(now);
    expect(line).toBe('Wed, 04 Mar 2026 05:06:07 GMT\r\n');
    expect(new Date(line.trim()).getTime()).toBe(now.getTime());
  });
});

describe('the careful server and client, in this process', () => {
  it('tells a client the time', async () => {
    const port = await serve(createDaytimeServer(() => {}));
    const before = Date.now();
    const line = await readDaytime(port, WAIT_MS);
    const after = Date.now();
    // The line is the time when it was sent, cut to the second.
    expect(new Date(line).getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(new Date(line).getTime()).toBeLessThanOrEqual(after);
  });

  it('serves many clients at once', async () => {
    const port = await serve(createDaytimeServer(() => {}));
    const lines = await Promise.all(Array.from({ length: 25 }, () => readDaytime(port, WAIT_MS)));
    expect(lines).toHaveLength(25);
    for (const line of lines) expect(Number.isNaN(new Date(line).getTime())).toBe(false);
  });

  it('survives a client that resets the connection, and logs it', async () => {
    const { log, waitFor } = waitableLog();
    const port = await serve(createDaytimeServer(log));
    const rude = await openSocket(port);
    await new Promise((resolve) => rude.once('data', resolve));
    rude.resetAndDestroy();
    await waitFor(/ECONNRESET/);
    expect(await readDaytime(port, WAIT_MS)).toMatch(/GMT$/);
  });
});

describe('readDaytime turns every failure into an error', () => {
  it('connection refused', async () => {
    await expect(readDaytime(await freePort(), WAIT_MS)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('the server hangs up without a word (end of file)', async () => {
    const port = await serve(createServer((socket) => socket.end()));
    await expect(readDaytime(port, WAIT_MS)).rejects.toThrow('the server hung up without sending the time');
  });

  it('the server never answers', async () => {
    const silent = new Set<Socket>();
    const server = createServer((socket) => silent.add(socket));
    const port = await serve(server);
    await expect(readDaytime(port, 200)).rejects.toThrow('no answer within 200 ms');
    // The client let go of its socket: the server sees the connection end.
    const [socket] = silent;
    await closed(socket!);
    for (const socket of silent) socket.destroy();
  });

  it('the server resets the connection', async () => {
    const port = await serve(createServer((socket) => socket.resetAndDestroy()));
    await expect(readDaytime(port, WAIT_MS)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('parsePort', () => {
  it('accepts 0 and whole numbers up to 65535, and nothing else', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    for (const bad of ['', 'abc', '-1', '65536', '1.5', '80x', ' 80', '1e3']) {
      expect(() => parsePort(bad)).toThrow(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(bad)}`);
    }
  });
});

describe('the programs', () => {
  it('first-server serves one client, then exits by itself', async () => {
    const server = run({ PORT: '0' }, 'first-server');
    const [, port] = await server.waitFor(/PORT=(\d+) npx tsx chapters\/daytime\.ts first-client/);
    const client = run({ PORT: port! }, 'first-client');
    expect(await client.exited()).toBe(0);
    expect(client.output()).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/m);
    expect(await server.exited()).toBe(0);
    expect(server.output()).toMatch(/Got a connection from 127\.0\.0\.1:\d+/);
  });

  it('first-client crashes on connection refused: it handles no errors', async () => {
    const client = run({ PORT: String(await freePort()) }, 'first-client');
    expect(await client.exited()).toBe(1);
    expect(client.output()).toMatch(/Error: connect ECONNREFUSED 127\.0\.0\.1/);
  });

  it('first-server crashes when its client resets: it has no error listener', async () => {
    const server = run({ PORT: '0' }, 'first-server');
    const [, port] = await server.waitFor(/PORT=(\d+)/);
    const rude = await openSocket(Number(port));
    await new Promise((resolve) => rude.once('data', resolve));
    rude.resetAndDestroy();
    expect(await server.exited()).toBe(1);
    expect(server.output()).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
  });

  it('server and client: the client prints the time; Ctrl-C stops the server cleanly', async () => {
    const server = run({ PORT: '0' }, 'server');
    const [, port] = await server.waitFor(/PORT=(\d+) npx tsx chapters\/daytime\.ts client/);
    const client = run({ PORT: port! }, 'client');
    expect(await client.exited()).toBe(0);
    expect(client.output()).toMatch(/GMT$/m);
    await server.waitFor(/sent the time/);
    expect(await server.stop('SIGINT')).toBe(0);
    expect(server.output()).toMatch(/Stopping\./);
  });

  it('the server also stops on SIGTERM, hanging up on a client still connected', async () => {
    const server = run({ PORT: '0' }, 'server');
    const [, port] = await server.waitFor(/PORT=(\d+)/);
    const lingering = await openSocket(Number(port));
    lingering.resume();
    const hungUp = closed(lingering);
    expect(await server.stop('SIGTERM')).toBe(0);
    await hungUp;
  });

  it('forking-server: each client is served by a process of its own, which exits after', async () => {
    const server = run({ PORT: '0' }, 'forking-server');
    const [, port] = await server.waitFor(/PORT=(\d+) npx tsx chapters\/daytime\.ts client/);
    // Each answer waits for a new process to start: give it the config's wait, not the client's 5 s.
    const lines = await Promise.all([1, 2, 3].map(() => readDaytime(Number(port), WAIT_MS)));
    for (const line of lines) expect(line).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    await server.waitFor(/(exited with 0[\s\S]*){3}/);
    const handedTo = [...server.output().matchAll(/handed to process (\d+), \d+ ms after it connected/g)].map((m) => m[1]);
    const exited = [...server.output().matchAll(/process (\d+) exited with 0/g)].map((m) => m[1]);
    expect(new Set(handedTo).size).toBe(3); // three clients, three processes
    expect(new Set(exited)).toEqual(new Set(handedTo));
    expect(handedTo).not.toContain(String(server.process.pid));
    expect(await server.stop('SIGINT')).toBe(0);
  });

  it('the careful client reports connection refused in one line', async () => {
    const client = run({ PORT: String(await freePort()) }, 'client');
    expect(await client.exited()).toBe(1);
    expect(client.output()).toMatch(/^daytime client: connect ECONNREFUSED 127\.0\.0\.1:\d+$/m);
    expect(client.output()).not.toMatch(/    at /); // no stack trace
  });

  it('the careful server reports a port already in use', async () => {
    const taken = createServer();
    const port = await serve(taken);
    const server = run({ PORT: String(port) }, 'server');
    expect(await server.exited()).toBe(1);
    expect(server.output()).toMatch(/daytime server: cannot listen on 127\.0\.0\.1:\d+: listen EADDRINUSE/);
  });

  it('demo runs the server and the client in one process', async () => {
    const demo = run({ PORT: '0' }, 'demo');
    expect(await demo.exited()).toBe(0);
    expect(demo.output()).toMatch(/^server: listening on 127\.0\.0\.1:\d+$/m);
    expect(demo.output()).toMatch(/^server: 127\.0\.0\.1:\d+: sent the time$/m);
    expect(demo.output()).toMatch(/^client: \w{3}, .+ GMT$/m);
  });

  it('with no program runs the demo, and names the others', async () => {
    const demo = run({ PORT: '0' });
    expect(await demo.exited()).toBe(0);
    expect(demo.output()).toMatch(/^Running "demo"\. Usage: \[PORT=4013\] npx tsx chapters\/daytime\.ts <first-server\|first-client\|server\|client\|forking-server\|demo>$/m);
    expect(demo.output()).toMatch(/^client: \w{3}, .+ GMT$/m);
  });

  it('prints the usage for an unknown program, and for a bad PORT', async () => {
    const cases = [run({}, 'nonsense'), run({ PORT: 'twelve' }, 'server')];
    const codes = await Promise.all(cases.map((program) => program.exited()));
    expect(codes).toEqual([2, 2]);
    for (const program of cases) expect(program.output()).toMatch(/Usage: \[PORT=4013\] npx tsx chapters\/daytime\.ts <first-server\|/);
    expect(cases[0]!.output()).toMatch(/Unknown program "nonsense"/);
    expect(cases[1]!.output()).toMatch(/PORT must be a whole number from 0 to 65535, got "twelve"/);
  });
});
