// The assembled chat, started the way a reader starts it (`npm start`), driven over real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { messageFields } from '../chapters/chat.ts';
import { formAttributes } from '../chapters/handlers.ts';
import {
  bodyOf, exchange, formPost, httpRequest, pageBlock, runChapter, runNpm, statusOf, stopAfterTest, subscribeEvents, type RunningProgram,
} from './helpers.ts';

/** A subscriber of one room, as a browser's EventSource would hear it. */
async function subscribe(port: number, room: string) {
  const { socket, events, head, retry } = await subscribeEvents(port, `/source?room=${encodeURIComponent(room)}`);
  return { socket, events: events.items, until: (count: number) => events.until(count), head, retry };
}

function post(port: number, path: string, form: string, query = ''): Promise<string> {
  return exchange(port, formPost(`${path}${query ? `?${query}` : ''}`, form));
}

const message = (name: string, message: string) =>
  ({ event: undefined, id: expect.stringMatching(/^[0-9a-z]+-[0-9]+$/), data: JSON.stringify({ name, message }) });

describe('the chat, started with npm start', () => {
  let server: RunningProgram;
  let url: URL;
  let port: number;

  beforeAll(async () => {
    server = runNpm('start', { PORT: '0' });
    url = new URL((await server.waitFor(/House chat on (http:\/\/127\.0\.0\.1:\d+\/)/))[1]!);
    port = Number(url.port);
  });
  afterAll(() => server?.stop('SIGTERM'));

  it('serves the page at / and /index, with its script and styles', async () => {
    for (const path of ['/', '/index']) {
      const response = await fetch(new URL(path, url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<script src="/chat.js" defer></script>');
    }
    expect((await fetch(new URL('/chat.js', url))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(new URL('/chat.css', url))).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves the page with each field\'s rules from the declaration of a message, which chat.html never types', async () => {
    const page = await (await fetch(url)).text();
    expect(page).toContain('<input id="room" name="room" placeholder="lobby" required minlength="1" maxlength="16">');
    for (const [name, parameter] of Object.entries(messageFields)) {
      const input = page.match(new RegExp(`<input [^>]*name="${name}"[^>]*>`))?.[0];
      expect(input, name).toMatch(new RegExp(` ${formAttributes(parameter).join(' ')}>$`));
    }
    const file = readFileSync(new URL('../chapters/chat.html', import.meta.url), 'utf8');
    const inputs = file.match(/<input [^>]*>/g) ?? [];
    expect(inputs).toHaveLength(3);
    for (const input of inputs) expect(input).not.toMatch(/\s(required|minlength|maxlength)\b/);
  });

  it('delivers a message to both subscribers of a room, in order, and nothing to another room', async () => {
    const ada = await subscribe(port, 'lobby');
    const bea = await subscribe(port, 'lobby');
    const cy = await subscribe(port, 'games');
    for (const listener of [ada, bea, cy]) await listener.until(1);  // each has joined

    expect(ada.head()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(ada.head()).toContain('Content-Type: text/event-stream; charset=utf-8');
    expect(ada.events[0]).toMatchObject({ event: 'joined', data: 'lobby' });
    expect(ada.retry()).toBe(1000);

    expect(bodyOf(await post(port, '/send-message', 'room=lobby&name=Dee&message=first+message'))).toBe('sent to 2 listeners\n');
    expect(statusOf(await post(port, '/send-message', '', 'room=lobby&name=Dee&message=second%20%3Cb%3Emessage%3C/b%3E'))).toBe(200);
    expect(statusOf(await post(port, '/send-message', 'name=Dee&message=%F0%9F%8F%A0+third+one', 'room=lobby'))).toBe(200);

    const expected = [message('Dee', 'first message'), message('Dee', 'second <b>message</b>'), message('Dee', '🏠 third one')];
    expect((await ada.until(4)).slice(1)).toEqual(expected);
    expect((await bea.until(4)).slice(1)).toEqual(expected);

    // The other room heard nothing; a message to it now arrives as its very next event.
    expect(bodyOf(await post(port, '/send-message', 'room=games&name=Eve&message=hello+games'))).toBe('sent to 1 listener\n');
    expect((await cy.until(2))[1]).toEqual(message('Eve', 'hello games'));
    // …and this room never hears it: a later message here is the next event on the same stream,
    // so a leaked one, sent before it, would have arrived first.
    expect(bodyOf(await post(port, '/send-message', 'room=lobby&name=Dee&message=after+games'))).toBe('sent to 2 listeners\n');
    expect((await ada.until(5))[4]).toEqual(message('Dee', 'after games'));
  });

  it('refuses each invalid parameter with a 400 that names it, and publishes nothing', async () => {
    const listener = await subscribe(port, 'checks');
    await listener.until(1);
    const valid = { room: 'checks', name: 'Ada', message: 'hello there' };
    const cases: [Record<string, string | string[] | undefined>, string][] = [
      [{ room: undefined }, 'room: is required'],
      [{ room: '' }, 'room: must be at least 1 character'],
      [{ room: 'r'.repeat(17) }, 'room: must be at most 16 characters'],
      [{ room: ['checks', 'checks'] }, 'room: must be given only once'],
      [{ name: undefined }, 'name: is required'],
      [{ name: '' }, 'name: must be at least 1 character'],
      [{ name: 'n'.repeat(65) }, 'name: must be at most 64 characters'],
      [{ message: undefined }, 'message: is required'],
      [{ message: 'four' }, 'message: must be at least 5 characters'],
      [{ message: 'm'.repeat(257) }, 'message: must be at most 256 characters'],
      [{ name: '', message: 'hi' }, 'name: must be at least 1 character\nmessage: must be at least 5 characters'],
    ];
    for (const [change, rule] of cases) {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries({ ...valid, ...change })) {
        for (const one of value === undefined ? [] : [value].flat()) form.append(name, one);
      }
      const response = await post(port, '/send-message', form.toString());
      expect(statusOf(response), rule).toBe(400);
      expect(bodyOf(response)).toBe(`${rule}\n`);
    }
    // Had any of them been published, it would arrive before this one.
    expect(statusOf(await post(port, '/send-message', new URLSearchParams(valid).toString()))).toBe(200);
    expect((await listener.until(2))[1]).toEqual(message('Ada', 'hello there'));
    expect(listener.events).toHaveLength(2);
  });

  it('refuses a stream for an invalid room with a plain 400', async () => {
    const response = await exchange(port, httpRequest('GET', `/source?room=${'r'.repeat(17)}`));
    expect(statusOf(response)).toBe(400);
    expect(bodyOf(response)).toBe('room: must be at most 16 characters\n');
    expect(statusOf(await exchange(port, httpRequest('GET', '/source')))).toBe(400);
  });

  it("answers the page's two curl commands as the page shows, with one listener in the room", async () => {
    const listener = await subscribe(port, 'lobby-page');
    await listener.until(1);
    const shown = pageBlock('chat', 'the two curl commands above', 'http').split(/\n(?=HTTP\/1\.1 )/);
    const forms = ['room=lobby-page&name=Ada&message=hello+everyone', 'room=lobby-page&name=&message=hi'];
    expect(shown).toHaveLength(forms.length);
    for (const [i, form] of forms.entries()) {
      // curl keeps the connection open (keep-alive); our exchange asks the server to close it.
      const sameFraming = (raw: string) => raw.replace(/\r\n/g, '\n').replace(/^Connection: .*$/m, 'Connection: …').trimEnd();
      expect(sameFraming(await post(port, '/send-message', form))).toBe(sameFraming(shown[i]!));
    }
  });

  it('answers other methods and paths with 405 and 404', async () => {
    const wrongMethod = await exchange(port, httpRequest('GET', '/send-message?room=a&name=b&message=hello'));
    expect(statusOf(wrongMethod)).toBe(405);
    expect(wrongMethod).toContain('Allow: POST');
    expect(statusOf(await exchange(port, httpRequest('GET', '/chat.ts')))).toBe(404);
  });
});

describe('the chat from the command line', () => {
  it('prints its URL with the default host, as the page shows, and stops cleanly on Ctrl-C', async () => {
    const chat = stopAfterTest(runChapter('chat', { PORT: '0' }));
    const [, port] = await chat.waitFor(/House chat on http:\/\/127\.0\.0\.1:(\d+)\/\n.*\n/);
    expect(chat.output().replaceAll(`:${port}/`, ':4242/').trimEnd()).toBe(pageBlock('chat', 'npm start', 'text'));
    expect(await chat.stop('SIGINT')).toBe(0);
  });

  it('--describe prints what each handler does, and the handlers page shows exactly that', async () => {
    const chat = stopAfterTest(runChapter('chat', {}, ['--describe']));
    expect(await chat.exited()).toBe(0);  // it prints and exits, starting no server
    const printed = chat.output().trim();
    expect(printed).toContain('POST /send-message is a response handler');
    for (const rule of ['room: must be at most 16 characters', 'name: must be at least 1 character', 'message: must be at least 5 characters']) {
      expect(printed).toContain(`400 "${rule}"`);
    }
    const page = readFileSync(new URL('../docs/handlers.md', import.meta.url), 'utf8');
    const shown = page.match(/<!-- output of: npx tsx chapters\/chat\.ts --describe -->\n```text\n([\s\S]*?)\n```/);
    expect(shown?.[1]).toBe(printed);
  });
});

describe('the chat page in a frame', () => {
  it('may be framed by no site, so none can lay its own page over the send form (CSP frame-ancestors)', async () => {
    const chat = stopAfterTest(runChapter('chat', { PORT: '0' }));
    const [, url] = await chat.waitFor(/House chat on (http:\/\/127\.0\.0\.1:\d+\/)/);
    const policy = (await fetch(url!)).headers.get('content-security-policy') ?? '';
    expect(policy.split(';').map((directive) => directive.trim())).toContain("frame-ancestors 'none'");
  });
});
