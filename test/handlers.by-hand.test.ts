// The declared POST /send-message, the one written by hand (chapters/by-hand.ts) and the class-based
// one (chapters/classes.ts) answer every request with the same bytes, and publish the same messages.
// In-process: three servers on loopback, each with rooms of its own, sent the same raw requests.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { MESSAGE, NAME, ROOM, sendMessage } from '../chapters/chat.ts';
import { sendMessageByHand } from '../chapters/by-hand.ts';
import { SendMessage } from '../chapters/classes.ts';
import { start, type Server } from '../chapters/listen.ts';
import { Channels } from '../chapters/pubsub.ts';
import { Router, type Handler } from '../chapters/routing.ts';
import { eventsOf, exchange, formPost, httpRequest, runChapter, stopAfterTest } from './helpers.ts';

/** Rooms that remember every publish, so the designs can be compared on what they said, not only on what they answered. */
class RecordingChannels extends Channels {
  readonly published: string[] = [];
  override publish(channel: string, message: Parameters<Channels['publish']>[1]): number {
    this.published.push(`${channel} ${JSON.stringify(message)}`);
    return super.publish(channel, message);
  }
}

const enc = encodeURIComponent;
const valid = { room: 'lobby', name: 'Ada', message: 'hello there' } as const;
type Field = keyof typeof valid;
/** The declared limits: should one change, the hand-written copy no longer matches, and this test says so. */
const limits: Record<Field, { min: number; max: number }> = { room: ROOM, name: NAME, message: MESSAGE };

/** One request: a query string and a form body, both already percent-encoded. */
interface Case { query: string; form: string }

/** The ways one parameter can be sent, as [query pairs, body pairs]. */
function variants(field: Field): Record<string, [string[], string[]]> {
  const { min, max } = limits[field];
  const pair = (value: string) => `${field}=${enc(value)}`;
  return {
    absent: [[], []],
    valid: [[], [pair(valid[field])]],
    empty: [[], [pair('')]],
    'no equals sign': [[], [field]],
    'at min': [[], [pair('a'.repeat(min))]],
    'below min': [[], [pair('a'.repeat(min - 1))]],
    'at max': [[], [pair('a'.repeat(max))]],
    'above max': [[], [pair('a'.repeat(max + 1))]],
    'at max in 🏠 (two UTF-16 units each)': [[], [pair('🏠'.repeat(max))]],
    'above max in 🏠': [[], [pair('🏠'.repeat(max + 1))]],
    'below min in 🏠': [[], [pair('🏠'.repeat(min - 1))]],
    '👍🏽 (two code points) to max': [[], [pair('👍🏽'.repeat(Math.floor(max / 2)) + 'a'.repeat(max % 2))]],
    '👍🏽 past max': [[], [pair('👍🏽'.repeat(Math.floor(max / 2)) + 'ab')]],
    'plus for space, escapes': [[], [`${field}=a+b%20c%2B%26%3D`]],
    'repeated, same value': [[], [pair(valid[field]), pair(valid[field])]],
    'repeated, two values': [[], [pair(valid[field]), pair('other')]],
    'repeated, empty second': [[], [pair(valid[field]), pair('')]],
    'in the query': [[pair(valid[field])], []],
    'in the query and the body': [[pair(valid[field])], [pair(valid[field])]],
    'name percent-encoded': [[], [`${enc(field).replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`)}=${enc(valid[field])}`]],
  };
}

function combine(choices: Record<Field, [string[], string[]]>, extra: Partial<Case> = {}): Case {
  const all = Object.values(choices);
  return {
    query: [...all.flatMap(([query]) => query), ...(extra.query ? [extra.query] : [])].join('&'),
    form: [...all.flatMap(([, body]) => body), ...(extra.form ? [extra.form] : [])].join('&'),
  };
}

const fields: Field[] = ['room', 'name', 'message'];
const validChoices = () => Object.fromEntries(fields.map((f) => [f, variants(f).valid])) as Record<Field, [string[], string[]]>;

/** Every variant of each parameter with the others valid; then every mix of the commonest mistakes across all three. */
function cases(): Case[] {
  const out: Case[] = [];
  for (const field of fields) {
    for (const variant of Object.values(variants(field))) out.push(combine({ ...validChoices(), [field]: variant }));
  }
  const mistakes = ['absent', 'valid', 'empty', 'above max', 'repeated, two values', 'in the query'];
  for (const room of mistakes) for (const name of mistakes) for (const message of mistakes) {
    out.push(combine({ room: variants('room')[room]!, name: variants('name')[name]!, message: variants('message')[message]! }));
  }
  // The requests test/chat.test.ts sends, exactly.
  out.push(
    { query: '', form: 'room=lobby&name=Dee&message=first+message' },
    { query: 'room=lobby&name=Dee&message=second%20%3Cb%3Emessage%3C/b%3E', form: '' },
    { query: 'room=lobby', form: 'name=Dee&message=%F0%9F%8F%A0+third+one' },
    { query: '', form: 'room=games&name=Eve&message=hello+games' },
    ...[
      { room: undefined }, { room: '' }, { room: 'r'.repeat(17) }, { room: ['checks', 'checks'] }, { name: undefined }, { name: '' },
      { name: 'n'.repeat(65) }, { message: undefined }, { message: 'four' }, { message: 'm'.repeat(257) }, { name: '', message: 'hi' }, {},
    ].map((change: Record<string, string | string[] | undefined>) => {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries({ room: 'checks', name: 'Ada', message: 'hello there', ...change })) {
        for (const one of value === undefined ? [] : [value].flat()) form.append(name, one);
      }
      return { query: '', form: form.toString() };
    }),
  );
  const ok = combine(validChoices());
  out.push(
    { ...ok, form: `${ok.form}&extra=1&__proto__=x&constructor=y&toString=z` },  // parameters nobody declared
    { query: '', form: '' },
    { query: `${ok.form}`, form: '' },  // all in the query string
    { query: 'room=lobby', form: 'room=lobby&name=Ada&message=hello+there' },
    { query: '', form: 'room=lobby&name=Ada&message=%ZZ' },  // bad percent-encoding: the parser refuses
    { query: 'room=%E', form: 'name=Ada&message=hello+there' },
    { query: '', form: 'room=lobby&name=Ada&message=%C3%28%C3%28%C3%28' },  // bad UTF-8 once decoded
    { query: 'room=%FF', form: 'name=Ada&message=hello+there' },
    { query: '', form: 'room=lobby&name=%00%01&message=%0D%0Ahello' },  // control characters are just characters here
  );
  return out;
}

/** Raw requests the wire treats specially: they show the handlers are never reached, or reached alike. */
function rawRequests(): (string | Buffer)[] {
  const body = 'room=lobby&name=Ada&message=hello there';
  const invalidUtf8 = Buffer.concat([Buffer.from('room=lobby&name=Ada&message=hello'), Buffer.from([0xff, 0xfe])]);
  const rawHead = (length: number) => `POST /send-message HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${length}\r\n\r\n`;
  return [
    Buffer.concat([Buffer.from(rawHead(invalidUtf8.length)), invalidUtf8]),
    httpRequest('POST', '/send-message', { headers: { 'Content-Type': 'text/plain' }, body }),
    httpRequest('GET', `/send-message?${body.replaceAll(' ', '+')}`),
    'POST /send-message HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n'
      + '5\r\nroom=\r\n5\r\nlobby\r\n1d\r\n&name=Ada&message=hello+there\r\n0\r\n\r\n',
  ];
}

describe('three designs of POST /send-message, one behaviour', () => {
  const designs: [string, (channels: Channels) => Handler][] = [
    ['declared', (channels) => sendMessage(channels)],
    ['by hand', (channels) => sendMessageByHand(channels)],
    ['classes', (channels) => new SendMessage(channels).handle],
  ];
  const running: { name: string; server: Server; channels: RecordingChannels; heard: string[] }[] = [];

  beforeAll(async () => {
    for (const [name, make] of designs) {
      const channels = new RecordingChannels();
      const router = new Router().on('POST', '/send-message', make(channels));
      const listener = new PassThrough();
      const heard: string[] = [];
      listener.setEncoding('utf8').on('data', (frame: string) => heard.push(frame.replace(/^id: .*\n/m, '')));
      channels.subscribe('lobby', eventsOf(listener));  // so some messages reach a listener: "sent to 1 listener"
      running.push({ name, server: await start(router, { port: 0 }), channels, heard });
    }
  });

  afterAll(async () => {
    for (const { server, channels } of running) {
      channels.close();
      await server.stop();
    }
  });

  /** What each design answers to the same bytes, by design name. */
  async function answers(...request: (string | Buffer)[]): Promise<Record<string, string>> {
    const replies = await Promise.all(running.map(({ server }) => exchange(server.port, ...request)));
    return Object.fromEntries(running.map(({ name }, i) => [name, replies[i]!]));
  }

  it('answers every request with the same status, headers and body, byte for byte, and publishes the same messages', async () => {
    const all = cases();
    const statuses = new Map<number, number>();
    for (const { query, form } of all) {
      const replies = await answers(formPost(`/send-message${query ? `?${query}` : ''}`, form));
      expect(replies['by hand'], `${query} | ${form}`).toBe(replies.declared);
      expect(replies.classes, `${query} | ${form}`).toBe(replies.declared);
      const status = Number(replies.declared!.split(' ')[1]);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    for (const raw of rawRequests()) {
      const replies = await answers(raw);
      expect(replies['by hand']).toBe(replies.declared);
      expect(replies.classes).toBe(replies.declared);
      const status = Number(replies.declared!.split(' ')[1]);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    // The inputs reach every kind of answer: accepted, refused by a rule, refused by the parser, the wrong media type, the wrong method.
    expect([...statuses.keys()].sort()).toEqual([200, 400, 405, 415]);
    expect(all.length).toBeGreaterThan(250);

    // And they said the same things: the same messages published, in the same order, heard alike.
    const [declared, ...others] = running;
    const toLobby = declared!.channels.published.filter((entry) => entry.startsWith('lobby ')).length;
    expect(toLobby).toBeGreaterThan(10);
    for (const design of running) await expect.poll(() => design.heard.length).toBe(toLobby);
    for (const other of others) {
      expect(other.channels.published, other.name).toEqual(declared!.channels.published);
      expect(other.heard, other.name).toEqual(declared!.heard);
    }
  });
});

describe('the two chapters as programs', () => {
  it('by-hand.ts shows the two handlers agree on its sample forms', async () => {
    const demo = stopAfterTest(runChapter('by-hand'));
    expect(await demo.exited()).toBe(0);
    expect(demo.output()).toContain('The two agree on 4 of 4 forms.');
    expect(demo.output()).toContain('by hand:  400 "name: must be at least 1 character\\nmessage: must be at least 5 characters\\n"');
  });

  it('classes.ts answers like the declared handler and reads a time of day', async () => {
    const demo = stopAfterTest(runChapter('classes'));
    expect(await demo.exited()).toBe(0);
    expect(demo.output()).toContain('  classes   400 "room: must be given only once\\nname: is required\\nmessage: is required\\n"');
    expect(demo.output()).toContain('ClockTimeField reads at=18:30: {"hours":18,"minutes":30}');
    expect(demo.output()).toContain('ClockTimeField reads at=7pm: "at: must be a time like 18:30"');
  });
});

/** The top-level declarations of a chapter with these names, as their source lines without blank lines and comments. */
function codeLines(chapter: string, ...names: string[]): string[] {
  const path = fileURLToPath(new URL(`../chapters/${chapter}.ts`, import.meta.url));
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const nameOf = (statement: ts.Statement) =>
    ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]!.name.getText(file)
      : (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) ? statement.name?.text : undefined;
  const found = file.statements.filter((statement) => names.includes(nameOf(statement) ?? ''));
  expect(found.map(nameOf).sort()).toEqual([...names].sort());
  return found.flatMap((statement) => statement.getText(file).split('\n'))
    .filter((line) => line.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(line));
}

describe('what adding costs in each design, as the handlers page counts it', () => {
  it.skipIf(inject('instrumentedChapters'))('the page\'s table holds the line counts of the chapters as they are', () => {
    const handler = { declared: codeLines('chat', 'messageFields', 'sendMessage'), byHand: codeLines('by-hand', 'sendMessageByHand'), classes: codeLines('classes', 'Message', 'SendMessage') };
    const type = { declared: codeLines('orders', 'clockTime'), classes: codeLines('classes', 'ClockTime', 'ClockTimeField') };
    const naming = (lines: string[]) => lines.filter((line) => /\bname\b/.test(line)).length;
    const expected = [
      ['one handler, `POST /send-message`', handler.declared.length, handler.byHand.length, handler.classes.length],
      ['one parameter type, a time of day', type.declared.length, '—', type.classes.length],
      ['lines that name one parameter, `name`', naming(handler.declared), naming(handler.byHand), naming(handler.classes)],
    ].map((row) => row.map(String));

    const page = readFileSync(new URL('../docs/handlers.md', import.meta.url), 'utf8');
    const table = page.match(/<!-- counted by test\/handlers\.by-hand\.test\.ts -->\n((?:\|.*\n)+)/)?.[1];
    const rows = (table ?? '').trim().split('\n').slice(2).map((row) => row.split('|').slice(1, -1).map((cell) => cell.trim()));
    expect(rows).toEqual(expected);
  });
});
