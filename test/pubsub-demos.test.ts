// The pubsub page's demonstrations, run against the first server and the finished chat, each
// started once as a program: the first server fails each one, the finished chat doesn't, and
// what the page shows for each run is what a real run prints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idle, reconnect, stalled, turn } from '../chapters/pubsub-demos.ts';
import { pageBlock, runChapter, runProgram, type RunningProgram } from './helpers.ts';

/** The finished chat with its heartbeat every 100 ms instead of every 15 s, so that waiting
 *  for heartbeats takes a fraction of a second: the page shows this command. */
const HEARTBEAT_MS = 100;
const FINAL_CHAT = "import { main } from './chapters/chat.ts'; " +
  "import { Channels } from './chapters/pubsub.ts'; " +
  `await main(new Channels({ heartbeatMs: ${HEARTBEAT_MS} }));`;
/** How long the demonstrations wait in silence: several heartbeats of the finished chat. */
const QUIET_MS = 500;

const servers: RunningProgram[] = [];
let first = 0;
let final = 0;

beforeAll(async () => {
  servers.push(runChapter('first', { PORT: '0' }), runProgram(['--input-type=module', '-e', FINAL_CHAT], { PORT: '0' }));
  const port = async (server: RunningProgram) => Number((await server.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
  [first, final] = await Promise.all(servers.map(port));
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

/** Runs a demonstration against both servers at once; resolves with what each returned and printed. */
async function both<T>(demo: (port: number, log: (line: string) => void) => Promise<T>) {
  const run = async (port: number) => {
    const lines: string[] = [];
    const result = await demo(port, (line) => lines.push(line));
    return { result, printed: lines.join('\n') };
  };
  const [before, after] = await Promise.all([run(first), run(final)]);
  return { before, after };
}

describe('the pubsub page, against the first server and the finished chat', () => {
  it('one write per turn: ten messages in one turn are ten writes to each subscriber at once, one per turn', async () => {
    const lines: string[] = [];
    const [atOnce, perTurn] = await turn((line) => lines.push(line));
    expect(atOnce).toEqual([10, 10]);
    expect(perTurn).toEqual([1, 1]);
    expect(lines.at(-1)).toMatch(/in order: true$/);
    expect(lines.join('\n')).toBe(pageBlock('pubsub', 'pubsub-demos.ts turn'));
  });

  it('a reconnect: the first server gives no ids, so what was said meanwhile is lost; the chat replays it', async () => {
    const { before, after } = await both(reconnect);
    expect(before.result).toEqual(['welcome back']);
    expect(after.result).toEqual(['lunch?', 'at noon', 'welcome back']);
    expect(before.printed).toBe(pageBlock('pubsub', 'reconnect, against the first server'));
    expect(after.printed).toBe(pageBlock('pubsub', 'reconnect, against the finished chat'));
  });

  it('a reconnect: the first server with ids and a history, /source and /send-message redefined, replays what was missed', async () => {
    const server = runChapter('pubsub-demos', { PORT: '0' }, ['first-with-replay']);
    try {
      const port = Number((await server.waitFor(/with replay: the chat on http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
      await server.waitFor(/Redefining handler '\/source'/);
      await server.waitFor(/Redefining handler '\/send-message'/);
      const lines: string[] = [];
      expect(await reconnect(port, (line) => lines.push(line))).toEqual(['lunch?', 'at noon', 'welcome back']);
      expect(lines.join('\n')).toBe(pageBlock('pubsub', 'reconnect, against first-with-replay'));
    } finally {
      await server.stop();
    }
  });

  it('a quiet room: the first server sends nothing at all; the chat sends heartbeats', async () => {
    const { before, after } = await both((port, log) => idle(port, QUIET_MS, log));
    expect(before.result).toBe(0);
    expect(after.result).toBeGreaterThan(0);
    expect(before.printed).toBe(pageBlock('pubsub', 'idle, against the first server'));
    expect(after.printed).toBe(pageBlock('pubsub', 'idle, against the finished chat'));
  });

  it('a quiet room: the first server with /source redefined to beat sends comments, and says it redefined it', async () => {
    const server = runChapter('pubsub-demos', { PORT: '0' }, ['first-with-heartbeat', String(HEARTBEAT_MS)]);
    try {
      const port = Number((await server.waitFor(/with a heartbeat: the chat on http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
      await server.waitFor(/Redefining handler '\/source'/);  // on stderr, in its own time
      const lines: string[] = [];
      expect(await idle(port, QUIET_MS, (line) => lines.push(line))).toBeGreaterThan(0);
      expect(lines.join('\n')).toBe(pageBlock('pubsub', 'idle, against the first server with a heartbeat'));
    } finally {
      await server.stop();
    }
  });

  it('a subscriber that stops reading: the first server with a publish that lets go drops her while the room is busy', async () => {
    const server = runChapter('pubsub-demos', { PORT: '0' }, ['first-letting-go']);
    try {
      const port = Number((await server.waitFor(/letting go: the chat on http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
      await server.waitFor(/Redefining handler '\/send-message'/);
      const lines: string[] = [];
      expect(await stalled(port, (line) => lines.push(line)))
        .toEqual({ answer: 'sent to 1 listener', cyHeard: { all: false, cut: true } });
      expect(lines.join('\n')).toBe(pageBlock('pubsub', 'stalled, against the first server letting go'));
    } finally {
      await server.stop();
    }
  });

  it('a subscriber that stops reading: the first server keeps her bytes for ever; the chat lets her go while the room is busy', async () => {
    const { before, after } = await both((port, log) => stalled(port, log));
    expect(before.result).toEqual({ answer: 'sent to 2 listeners', cyHeard: { all: true, cut: false } });
    expect(after.result).toEqual({ answer: 'sent to 1 listener', cyHeard: { all: false, cut: true } });
    expect(before.printed).toBe(pageBlock('pubsub', 'stalled, against the first server'));
    expect(after.printed).toBe(pageBlock('pubsub', 'stalled, against the finished chat'));
  });
});

describe('the demonstrations as a program', () => {
  it.each([
    [['first-with-heartbeat', 'soon'], '"soon"'],
    [['idle', '4242', '-5'], '"-5"'],
  ])('refuses milliseconds that are not a whole number: %j', async (args, got) => {
    const program = runChapter('pubsub-demos', { PORT: '0' }, args);
    try {
      expect(await program.exited()).toBe(2);
      expect(program.output()).toContain(`ms must be a whole number of milliseconds, got ${got}`);
    } finally {
      await program.stop();
    }
  });
});
