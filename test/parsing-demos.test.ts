// The wire's demonstrations (chapters/parsing-demos.ts) against the first server and the final
// one, both run bare as a reader runs them: each weakness shows on first.ts and is gone on chat.ts,
// and docs/parsing.md shows what a real run prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { demos, write } from '../chapters/parsing-demos.ts';
import { listen } from '../chapters/program.ts';
import { pageBlock, root, runChapter, type RunningProgram } from './helpers.ts';

/** The first server, the final one, and the first server with the parsing page's change to its
 *  `start`, each run as the page runs it. */
type Server = 'first' | 'chat' | 'first-reading-bytes' | 'first-with-one-reading';
const servers = new Map<Server, { program: RunningProgram; port: number }>();

beforeAll(async () => {
  const ready = {
    first: /A first server: the chat on http:\/\/127\.0\.0\.1:(\d+)\//,
    chat: /House chat on http:\/\/127\.0\.0\.1:(\d+)\//,
    'first-reading-bytes': /reading bytes: the chat on http:\/\/127\.0\.0\.1:(\d+)\//,
    'first-with-one-reading': /one reading: the chat on http:\/\/127\.0\.0\.1:(\d+)\//,
  };
  const programs = {
    first: () => runChapter('first', { PORT: '0' }),
    chat: () => runChapter('chat', { PORT: '0' }),
    'first-reading-bytes': () => runChapter('parsing-demos', { PORT: '0' }, ['first-reading-bytes']),
    'first-with-one-reading': () => runChapter('parsing-demos', { PORT: '0' }, ['first-with-one-reading']),
  };
  await Promise.all((Object.keys(programs) as Server[]).map(async (name) => {
    const program = programs[name]();
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
  const against = server === 'first' || server === 'chat' ? `${server}.ts` : server;
  const [command = '', ...output] = pageBlock('parsing', `parsing-demos ${demo}, against ${against}`).split('\n');
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

describe("the first server's start, changed to read bytes and wait for the body", () => {
  const heardZoe = /heard \{"name":"Zoë","message":"hello all"\}$/;

  it('passes every-byte: the post is read alike however it was cut, as the page shows', async () => {
    const lines = await run('every-byte', 'first-reading-bytes');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(heardZoe);
    const { command, output } = shown('every-byte', 'first-reading-bytes');
    expect(command).toBe('$ npx tsx chapters/parsing-demos.ts every-byte 4242');
    expect(output).toEqual(lines);
  });

  it('passes late-body: it waits for the body that follows the head', async () => {
    expect(await run('late-body', 'first-reading-bytes')).toEqual(['200 OK: sent to 0 listeners']);
  });
});

describe('that start, changed to refuse a head that frames its request in two ways', () => {
  it('refuses both smuggling requests with a 400 naming why, as the page shows', async () => {
    const lines = await run('smuggling', 'first-with-one-reading');
    expect([lines[1], lines[3]]).toEqual([
      '  400 Bad Request: more than one Content-Length',
      "  400 Bad Request: Transfer-Encoding, which this server doesn't read",
    ]);
    const { command, output } = shown('smuggling', 'first-with-one-reading');
    expect(command).toBe('$ npx tsx chapters/parsing-demos.ts smuggling 4242');
    expect(output).toEqual(lines);
  });

  it('still reads a post cut anywhere, and a body that comes late', async () => {
    for (const line of await run('every-byte', 'first-with-one-reading')) {
      expect(line).toMatch(/heard \{"name":"Zoë","message":"hello all"\}$/);
    }
    expect(await run('late-body', 'first-with-one-reading')).toEqual(['200 OK: sent to 0 listeners']);
  });
});

describe("the first server's write, changed to count bytes", () => {
  it('passes the length demonstration: it announces chat.js in bytes, as many as it sends', async () => {
    const script = readFileSync(join(root, 'chapters/chat.js'), 'utf8');
    const server = createServer((socket) => {
      socket.once('data', () => {
        write({ status: '200 OK', contentType: 'text/javascript', body: script }, socket);
        socket.end();
      });
    });
    try {
      const port = await listen(server, 0);
      const bytes = Buffer.byteLength(script);
      expect(await demos.length!(port)).toEqual([`Content-Length: ${bytes}; bytes after the head: ${bytes}`]);
    } finally {
      server.close();
    }
  });
});

describe('the demonstrations as a program', () => {
  it('prints a demonstration against the port it is given', async () => {
    const { port } = servers.get('first')!;
    const program = runChapter('parsing-demos', {}, ['length', String(port)]);
    expect(await program.exited()).toBe(0);
    expect(program.output().trimEnd().split('\n')).toEqual(await run('length', 'first'));
  });
});
