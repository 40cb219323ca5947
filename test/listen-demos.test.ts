// The listen page's demonstrations, each run as a reader runs it against the first server
// (chapters/first.ts) and the final one (chapters/chat.ts): what the page shows is what they print.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatRouter } from '../chapters/chat.ts';
import { start as startWithDeadline } from '../chapters/listen-demos.ts';
import { start, type Server } from '../chapters/listen.ts';
import { servers as firstServers } from '../chapters/first.ts';
import { pageBlock, runChapter, type RunningProgram } from './helpers.ts';

/** Runs a demonstration against the server on `port` and resolves with what it printed. */
async function demo(args: string[], port: number): Promise<string> {
  const [name, ...rest] = args;
  const run = runChapter('listen-demos', {}, [name!, String(port), ...rest]);
  try {
    expect(await run.exited()).toBe(0);
    return run.output().trimEnd();
  } finally {
    await run.stop();
  }
}

/** The page's block for a run, the command line included, with the run's own numbers of
 *  seconds and milliseconds (a test waits less than a reader) made alike. */
const alike = (text: string) => text.replace(/\d+ (m?s)\b/g, 'N $1');
const ran = (command: string, output: string) =>
  alike(`$ npx tsx chapters/listen-demos.ts ${command} 4242\n${output}`);
const shown = (what: string) => alike(pageBlock('listen', what));

describe('the listen page, against the first server and the final one', () => {
  const servers: RunningProgram[] = [];
  let firstPort: number;
  let chatPort: number;
  /** The chat's router on a server whose requests may take 1 s to arrive, not 10 s: the same
   *  code, given the limit the tests give every server they don't want to wait for. */
  let quick: Server;
  /** The first server with the deadline the listen page adds to its `start`, 1 s here. */
  let withDeadline: number;

  async function serve(chapter: string, ready: RegExp, args: string[] = []): Promise<number> {
    const server = runChapter(chapter, { PORT: '0' }, args);
    servers.push(server);
    return Number((await server.waitFor(ready))[1]);
  }

  beforeAll(async () => {
    [firstPort, chatPort, quick, withDeadline] = await Promise.all([
      serve('first', /the chat on http:\/\/127\.0\.0\.1:(\d+)\//),
      serve('chat', /House chat on http:\/\/127\.0\.0\.1:(\d+)\//),
      start(chatRouter(), { port: 0, limits: { requestTimeoutMs: 1000 } }),
      startWithDeadline(0, 1000),
    ]);
  });
  afterAll(async () => {
    const closed = firstServers.map((server) => new Promise((resolve) => server.close(resolve)));
    await Promise.all([...servers.map((server) => server.stop()), quick?.stop(), ...closed]);
  });

  it.concurrent('two requests on one connection: the first server answers one', async () => {
    const output = await demo(['two-requests'], firstPort);
    expect(output.match(/200 OK, Connection: close/g)).toHaveLength(2);
    expect(output.match(/no answer: the server had closed the connection/g)).toHaveLength(2);
    expect(ran('two-requests', output)).toBe(shown('two-requests, against first.ts'));
  });

  it.concurrent('two requests on one connection: the first server changed to keep it open answers both', async () => {
    const port = await serve('listen-demos', /keeping alive: the chat on http:\/\/127\.0\.0\.1:(\d+)\//,
      ['first-keeping-alive']);
    const output = await demo(['two-requests'], port);
    expect(output.match(/200 OK, Connection: keep-alive: sent to 0 listeners/g)).toHaveLength(4);
    expect(output).not.toContain('no answer');
    expect(ran('two-requests', output)).toBe(shown('two-requests, against first-keeping-alive'));
  });

  it.concurrent('two requests on one connection: the final server answers both', async () => {
    const output = await demo(['two-requests'], chatPort);
    expect(output.match(/200 OK, Connection: keep-alive: sent to 0 listeners/g)).toHaveLength(4);
    expect(output).not.toContain('no answer');
    expect(ran('two-requests', output)).toBe(shown('two-requests, against chat.ts'));
  });

  it.concurrent('a head that never ends: the first server waits as long as the client', async () => {
    const output = await demo(['endless-head', '1'], firstPort);
    expect(output).toBe('after 1 s: no answer, and the connection is still open');
    expect(ran('endless-head', output)).toBe(shown('endless-head, against first.ts'));
  });

  it.concurrent('a head that never ends: the first server with a deadline answers 408 and closes', async () => {
    const output = await demo(['endless-head', '5'], withDeadline);
    expect(output).toMatch(/^after 1 s the server answered/);
    expect(output).toContain('408 Request Timeout, Connection: close: ' +
      'the request took longer than 1000 ms to arrive');
    expect(ran('endless-head', output)).toBe(shown('endless-head, against first-with-deadline'));
  });

  it.concurrent('the first server with a deadline runs as a program, as the page starts it', async () => {
    const port = await serve('listen-demos', /with a deadline: the chat on http:\/\/127\.0\.0\.1:(\d+)\//,
      ['first-with-deadline']);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('<title>');
  });

  it.concurrent('the first server with a deadline still answers a request that arrives in time', async () => {
    const answer = await fetch(`http://127.0.0.1:${withDeadline}/send-message?room=demo&name=Ada&message=hello`);
    expect(await answer.text()).toBe('sent to 0 listeners\n');
  });

  it.concurrent('a head that never ends: the final server answers 408 and closes', async () => {
    const output = await demo(['endless-head', '5'], quick.port);
    expect(output).toMatch(/^after 1 s the server answered/);
    expect(output).toContain('408 Request Timeout, Connection: close: ' +
      'the request took longer than 1000 ms to arrive');
    expect(ran('endless-head', output)).toBe(shown('endless-head, against chat.ts'));
  });
});
