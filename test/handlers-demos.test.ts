// The handlers page's demonstration, run as a reader runs it against the first server
// (chapters/first.ts) and the final one (chapters/chat.ts): what the page shows is what they print.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageBlock, runChapter, type RunningProgram } from './helpers.ts';

describe('the handlers page, against the first server and the final one', () => {
  const servers: RunningProgram[] = [];
  const ports = new Map<string, number>();

  async function serve(chapter: string, ready: RegExp): Promise<void> {
    const server = runChapter(chapter, { PORT: '0' });
    servers.push(server);
    ports.set(chapter, Number((await server.waitFor(ready))[1]));
  }

  beforeAll(async () => {
    await Promise.all([
      serve('first', /the chat on http:\/\/127\.0\.0\.1:(\d+)\//),
      serve('chat', /House chat on http:\/\/127\.0\.0\.1:(\d+)\//),
    ]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  /** What `npx tsx chapters/handlers-demos.ts bad-parameters <port>` prints against `chapter`. */
  async function badParameters(chapter: string): Promise<string> {
    const run = runChapter('handlers-demos', {}, ['bad-parameters', String(ports.get(chapter))]);
    try {
      expect(await run.exited()).toBe(0);
      return run.output().trimEnd();
    } finally {
      await run.stop();
    }
  }
  const ran = (output: string) =>
    `$ npx tsx chapters/handlers-demos.ts bad-parameters 4242\n${output}`;

  it.concurrent('the first server reports one broken rule, and takes a room given twice', async () => {
    const output = await badParameters('first');
    const [several, twice] = output.split(/^room given twice.*\n/m);
    expect(several).toMatch(/400 Bad Request\n {2}room: must be at most 16 characters\n$/);
    expect(twice).toBe('  200 OK\n  sent to 0 listeners');
    expect(ran(output)).toBe(pageBlock('handlers', 'bad-parameters, against first.ts'));
  });

  it.concurrent('the final server reports every broken rule, and refuses a room given twice', async () => {
    const output = await badParameters('chat');
    const [several, twice] = output.split(/^room given twice.*\n/m);
    expect(several).toMatch(new RegExp('400 Bad Request\n {2}room: must be at most 16 characters\n' +
      ' {2}name: is required\n {2}message: must be at least 5 characters\n$'));
    expect(twice).toBe('  400 Bad Request\n  room: must be given only once');
    expect(ran(output)).toBe(pageBlock('handlers', 'bad-parameters, against chat.ts'));
  });
});

describe("the first server's readArguments, changed to report every broken rule", () => {
  it('reports all three rules the first form breaks, still reads one room of two, as the page shows', async () => {
    const run = runChapter('handlers-demos', {}, ['every-rule']);
    try {
      expect(await run.exited()).toBe(0);
      const output = run.output().trimEnd();
      const [several, twice] = output.split(/^room given twice.*\n/m);
      expect(several).toMatch(new RegExp('\n {2}room: must be at most 16 characters\n' +
        ' {2}name: is required\n {2}message: must be at least 5 characters\n$'));
      expect(twice).toBe('  read {"room":"kitchen","name":"Ada","message":"hello both"}');
      expect(`$ npx tsx chapters/handlers-demos.ts every-rule\n${output}`)
        .toBe(pageBlock('handlers', 'every-rule, on the first server\'s forms'));
    } finally {
      await run.stop();
    }
  });
});
