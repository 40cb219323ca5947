// The first server, run bare as a reader runs it, over real sockets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyOf, exchange, formPost, httpRequest, parseResponse, root, runChapter, statusOf,
  subscribeEvents, type RunningProgram,
} from './helpers.ts';

describe('the first server', () => {
  let server: RunningProgram;
  let port: number;

  beforeAll(async () => {
    server = runChapter('first', { PORT: '0' });
    const url = (await server.waitFor(/the chat on (http:\/\/127\.0\.0\.1:(\d+)\/)/))[2]!;
    port = Number(url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (form: string) => exchange(port, formPost('/send-message', form));

  it('runs bare and prints its URL', () => {
    expect(server.output()).toMatch(/^A first server: the chat on http:\/\/127\.0\.0\.1:\d+\/$/m);
  });

  it('serves the chat page at / and /index, and its style and script', async () => {
    const chapter = (file: string) => readFileSync(join(root, 'chapters', file), 'utf8');
    for (const [path, file, type] of [
      ['/', 'chat.html', 'text/html'], ['/index', 'chat.html', 'text/html'],
      ['/chat.css', 'chat.css', 'text/css'], ['/chat.js', 'chat.js', 'text/javascript'],
    ] as const) {
      const response = parseResponse(await exchange(port, httpRequest('GET', path)));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(`${type}; charset=utf-8`);
      expect(response.body).toBe(chapter(file));
    }
  });

  it('answers a bad post with a 400 naming the rule it broke', async () => {
    const tooShort = await post('room=lobby&name=Ada&message=hi');
    expect(statusOf(tooShort)).toBe(400);
    expect(bodyOf(tooShort)).toBe('message: must be at least 5 characters\n');

    const noName = await post('room=lobby&message=hello+there');
    expect(statusOf(noName)).toBe(400);
    expect(bodyOf(noName)).toBe('name: is required\n');

    const longRoom = await post(`room=${'r'.repeat(17)}&name=Ada&message=hello+there`);
    expect(bodyOf(longRoom)).toBe('room: must be at most 16 characters\n');
  });

  it('publishes a good post, as JSON, to the subscribers of its room only', async () => {
    const kitchen = await subscribeEvents(port, '/source?room=kitchen');
    const garden = await subscribeEvents(port, '/source?room=garden');
    const [joined] = await kitchen.events.until(1);
    expect(joined).toMatchObject({ event: 'joined', data: 'kitchen' });
    await garden.events.until(1);
    expect(kitchen.head()).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: text\/event-stream/);

    const answer = await post('room=kitchen&name=Ada&message=Is+the+kettle+on%3F');
    expect(statusOf(answer)).toBe(200);
    expect(bodyOf(answer)).toBe('sent to 1 listener\n');
    const [, message] = await kitchen.events.until(2);
    expect(message!.event).toBeUndefined();
    expect(JSON.parse(message!.data)).toEqual({ name: 'Ada', message: 'Is the kettle on?' });
    expect(garden.events.items).toHaveLength(1); // only its own `joined`
  });

  it('answers a path it has no handler for with a 404', async () => {
    const answer = await exchange(port, httpRequest('GET', '/nowhere'));
    expect(statusOf(answer)).toBe(404);
    expect(bodyOf(answer)).toBe('no handler for /nowhere\n');
  });
});

describe('the leaving demonstration', () => {
  it('shows the naive publish keeping a subscriber who left, and the second dropping it', async () => {
    const demo = runChapter('first', {}, ['leaving']);
    expect(await demo.exited()).toBe(0);
    expect(demo.output()).toBe([
      'publishNaive: 2 subscribers listed, one of them gone',
      'publish:      1 subscriber listed',
      'Bea heard:    data: one, data: two',
      '',
    ].join('\n'));
  });
});

describe('the first server, as a file', () => {
  it('is at most 500 lines of code (not counting blank lines and comments)', () => {
    const source = readFileSync(join(root, 'chapters/first.ts'), 'utf8');
    const code = source.split('\n').filter((line) => {
      const text = line.trim();
      return text !== '' && !text.startsWith('//') && !text.startsWith('/*')
        && !text.startsWith('*');
    });
    expect(code.length).toBeGreaterThan(100); // the count reads the real file
    expect(code.length).toBeLessThanOrEqual(500);
  });
});
