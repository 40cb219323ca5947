// The wire's demonstrations (chapters/parsing-demos.ts) against the first server and the final
// one, both run bare as a reader runs them: each weakness shows on first.ts and is gone on chat.ts,
// and docs/parsing.md shows what a real run prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demos } from '../chapters/parsing-demos.ts';
import { pageBlock, root, runChapter, runProgram, type RunningProgram } from './helpers.ts';

type Server = 'first' | 'chat';
const servers = new Map<Server, { program: RunningProgram; port: number }>();

beforeAll(async () => {
  const ready = { first: /the chat on http:\/\/127\.0\.0\.1:(\d+)\//, chat: /House chat on http:\/\/127\.0\.0\.1:(\d+)\// };
  await Promise.all((['first', 'chat'] as const).map(async (name) => {
    const program = runChapter(name, { PORT: '0' });
    servers.set(name, { program, port: 0 });
    servers.get(name)!.port = Number((await program.waitFor(ready[name]))[1]);
  }));
});
afterAll(async () => {
  await Promise.all([...servers.values()].map(({ program }) => program.stop()));
});

/** What a demonstration prints against a server, one line per entry: run once, read by every test. */
const runs = new Map<string, Promise<string[]>>();
function run(demo: string, server: Server): Promise<string[]> {
  const key = `${demo} ${server}`;
  if (!runs.has(key)) runs.set(key, demos[demo]!(servers.get(server)!.port));
  return runs.get(key)!;
}

/** The block docs/parsing.md shows for a demonstration against a server: the command, then its output. */
function shown(demo: string, server: Server): { command: string; output: string[] } {
  const [command = '', ...output] = pageBlock('parsing', `parsing-demos ${demo}, against ${server}.ts`).split('\n');
  return { command, output };
}

describe.each(Object.keys(demos))('the demonstration %s', (demo) => {
  it.each(['first', 'chat'] as const)('prints on the page what it prints against %s.ts', async (server) => {
    const { command, output } = shown(demo, server);
    expect(command).toBe(`$ npx tsx chapters/parsing-demos.ts ${demo} 4242`);
    expect(output).toEqual(await run(demo, server));
  });
});

describe('the first server fails each demonstration, and the final one passes it', () => {
  it('late-body: the first answers the head alone, missing the form; the final one waits for the body', async () => {
    expect(await run('late-body', 'first')).toEqual(['400 Bad Request: room: is required']);
    expect(await run('late-body', 'chat')).toEqual(['200 OK: sent to 0 listeners']);
  });

  it('every-byte: the first garbles a character cut in two and never reads a body sent byte by byte; the final one reads all three alike', async () => {
    const heardZoe = /heard \{"name":"Zoë","message":"hello all"\}$/;
    const [whole, cut, bytes] = await run('every-byte', 'first');
    expect(whole).toMatch(heardZoe);
    expect(cut).toMatch(/heard \{"name":"Zo\uFFFD","message":"hello all"\}$/);
    expect(bytes).toMatch(/400 Bad Request: room: is required$/);
    const final = await run('every-byte', 'chat');
    expect(final).toHaveLength(3);
    for (const line of final) expect(line).toMatch(heardZoe);
  });

  it('smuggling: the first posts whatever follows the head under two readings of its length; the final one refuses both with 400', async () => {
    const [, twoLengths, , bothHeaders] = await run('smuggling', 'first');
    expect([twoLengths, bothHeaders]).toEqual(['  200 OK: sent to 0 listeners', '  200 OK: sent to 0 listeners']);
    const final = await run('smuggling', 'chat');
    expect([final[1], final[3]]).toEqual([
      '  400 Bad Request: conflicting Content-Length values "0, 37"',
      '  400 Bad Request: both Transfer-Encoding and Content-Length',
    ]);
  });

  it('length: the first announces chat.js in characters, fewer than the bytes it sends; the final one in bytes', async () => {
    const script = readFileSync(join(root, 'chapters/chat.js'), 'utf8');
    const [bytes, characters] = [Buffer.byteLength(script), script.length];
    expect(bytes).toBeGreaterThan(characters);
    const first = await run('length', 'first');
    expect(first[0]).toBe(`Content-Length: ${characters}; bytes after the head: ${bytes}`);
    expect(first[1]).toMatch(/^a client that believes the header never reads ".+"$/);
    expect(await run('length', 'chat')).toEqual([`Content-Length: ${bytes}; bytes after the head: ${bytes}`]);
  });
});

describe('the demonstrations as a program', () => {
  it('prints a demonstration against the port it is given', async () => {
    const { port } = servers.get('first')!;
    const program = runProgram(['chapters/parsing-demos.ts', 'length', String(port)]);
    expect(await program.exited()).toBe(0);
    expect(program.output().trimEnd().split('\n')).toEqual(await run('length', 'first'));
  });
});
