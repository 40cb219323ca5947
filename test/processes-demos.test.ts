// The processes page's demonstration, run as a reader runs it against two first servers
// (chapters/first.ts) and two House processes sharing Redis (chapters/processes.ts): what the page
// shows is what they print.
import { afterAll, describe, expect, it } from 'vitest';
import { pageBlock, runChapter, type RunningProgram } from './helpers.ts';
import { redisMissing } from './redis-server.ts';

const missing = redisMissing();
if (missing !== undefined) {
  // On CI a missing redis-server is a broken machine, not a reason to skip.
  if (process.env.CI === 'true') throw new Error(missing);
  console.warn(`skipping the Redis half of the processes demonstration: ${missing}`);
}

describe('the processes page, against two first servers and two House processes', () => {
  const programs: RunningProgram[] = [];
  afterAll(async () => {
    await Promise.all(programs.map((program) => program.stop()));
  });

  /** Starts a chapter with PORT=0 and resolves with the ports it prints, in order. */
  async function serve(chapter: string, ready: RegExp): Promise<number[]> {
    const program = runChapter(chapter, { PORT: '0' });
    programs.push(program);
    return (await program.waitFor(ready)).slice(1).map(Number);
  }

  /** What the demonstration prints against the servers on `ports`. */
  async function twoServers([first, second]: number[]): Promise<string> {
    const run = runChapter('processes-demos', {}, ['two-servers', String(first), String(second)]);
    try {
      expect(await run.exited()).toBe(0);
      return run.output().trimEnd();
    } finally {
      await run.stop();
    }
  }
  const ran = (output: string) =>
    `$ npx tsx chapters/processes-demos.ts two-servers 4242 4243\n${output}`;

  it.concurrent('two first servers keep a room each: a post to one is never heard on the other', async () => {
    const ready = /the chat on http:\/\/127\.0\.0\.1:(\d+)\//;
    const ports = (await Promise.all([serve('first', ready), serve('first', ready)])).flat();
    const output = await twoServers(ports);
    expect(output).toContain('Bea posts to the second server: sent to 0 listeners');
    expect(output).toMatch(/Ada heard: Cy: hello from the first$/);
    expect(ran(output)).toBe(pageBlock('processes', 'two-servers, against two first.ts'));
  });

  it.skipIf(missing !== undefined).concurrent('two House processes share the room through Redis', async () => {
    const ports = await serve('processes',
      /http:\/\/127\.0\.0\.1:(\d+)\/ {3}and {3}http:\/\/127\.0\.0\.1:(\d+)\//);
    const output = await twoServers(ports);
    expect(output).toContain('Bea posts to the second server: sent to 1 listener');
    expect(output).toMatch(/Ada heard: Bea: hello from the second; Cy: hello from the first$/);
    expect(ran(output)).toBe(pageBlock('processes', 'two-servers, against processes.ts'));
  });
});
