// tier: unit
import { describe as group, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { EventStream } from '../chapters/pubsub.ts';
import {
  check, responseHandler, describe, formAttributes, integer, json, list, maxItems, maxLength, maxValue, minItems, minLength,
  minValue, oneOf, optional, readArguments, scalar, streamHandler, string, type Parameter,
} from '../chapters/handlers.ts';
import { clockTime, order } from '../chapters/orders.ts';
import { HttpError, Router, isStream, text, type Params, type Request, type Response } from '../chapters/routing.ts';
import { runChapter, stopAfterTest } from './helpers.ts';

const read = <T>(parameter: Parameter<T>, ...values: string[]) => parameter.read(values);
/** A failed check, by the message of the rule it broke (the rule is data; its message is what a client reads). */
const rejects = (message: string) => ({ ok: false, rule: expect.objectContaining({ message }) });
const accepts = <T>(value: T) => ({ ok: true, value });

/** A request as the parser would produce it, from a query string and an optional form body. */
function request(path: string, query = '', body = '', method = 'GET'): Request {
  const params: Params = new Map();
  for (const source of [query, body]) {
    for (const [name, value] of new URLSearchParams(source)) params.set(name, [...(params.get(name) ?? []), value]);
  }
  return { method, target: `${path}?${query}`, path, version: 'HTTP/1.1', headers: new Map(), params, body: new Uint8Array() };
}

group('string', () => {
  it('accepts lengths within its bounds, inclusive', () => {
    const name = string({ min: 1, max: 4 });
    expect(read(name, 'a')).toEqual(accepts('a'));
    expect(read(name, 'abcd')).toEqual(accepts('abcd'));
  });

  it('names the bound a value breaks', () => {
    const name = string({ min: 2, max: 4 });
    expect(read(name, 'a')).toEqual(rejects('must be at least 2 characters'));
    expect(read(name, 'abcde')).toEqual(rejects('must be at most 4 characters'));
    expect(read(string({ min: 1 }), '')).toEqual(rejects('must be at least 1 character'));
  });

  it('counts code points, not UTF-16 units: 🏠 is one, 👍🏽 (a hand and a skin tone) is two', () => {
    // Two houses are four UTF-16 units: counted by units, these would go the other way.
    expect(read(string({ min: 3 }), '🏠🏠')).toEqual(rejects('must be at least 3 characters'));
    expect(read(string({ max: 2 }), '🏠🏠')).toEqual(accepts('🏠🏠'));
    expect(read(string({ max: 2 }), '🏠🏠🏠')).toEqual(rejects('must be at most 2 characters'));
    expect(read(string({ max: 2 }), '👍🏽')).toEqual(accepts('👍🏽'));
    expect(read(string({ max: 1 }), '👍🏽')).toEqual(rejects('must be at most 1 character'));
    expect(read(string({ min: 2 }), 'é')).toEqual(rejects('must be at least 2 characters'));  // one precomposed code point
    expect(read(string({ min: 2 }), 'e\u0301')).toEqual(accepts('e\u0301'));  // e + combining accent: two
  });

  it('counts code points, so an emoji made of several counts as several', () => {
    expect(read(string({ min: 2, max: 2 }), '👍🏽')).toEqual(accepts('👍🏽'));   // a thumb, then a skin tone
    expect(read(string({ max: 1 }), '👍🏽')).toEqual(rejects('must be at most 1 character'));
    expect(read(string({ max: 4 }), '👨‍👩‍👧')).toEqual(rejects('must be at most 4 characters'));   // 3 people, 2 joiners
    expect(read(string({ max: 5 }), '👨‍👩‍👧')).toEqual(accepts('👨‍👩‍👧'));
  });

  it('without bounds accepts anything, even the empty string', () => {
    expect(read(string(), '')).toEqual(accepts(''));
  });
});

group('integer', () => {
  it('reads plain integers, negative ones and zero', () => {
    expect(read(integer(), '12')).toEqual(accepts(12));
    expect(read(integer(), '-40')).toEqual(accepts(-40));
    expect(read(integer(), '0')).toEqual(accepts(0));
  });

  it.each(['12abc', '1e3', '', ' 12', '12 ', '+5', '007', '-0', '1.5', '0x10', 'Infinity', 'NaN', '9007199254740993'])(
    'rejects %j', (raw) => {
      expect(read(integer(), raw)).toEqual(rejects('must be an integer'));
    },
  );

  it('checks bounds after reading the number', () => {
    const count = integer({ min: 1, max: 12 });
    expect(read(count, '1')).toEqual(accepts(1));
    expect(read(count, '12')).toEqual(accepts(12));
    expect(read(count, '0')).toEqual(rejects('must be at least 1'));
    expect(read(count, '13')).toEqual(rejects('must be at most 12'));
  });
});

group('json, oneOf and a type of your own', () => {
  it('json parses any JSON value and rejects what is not JSON', () => {
    expect(read(json(), '{"a":[1,null]}')).toEqual(accepts({ a: [1, null] }));
    expect(read(json(), 'null')).toEqual(accepts(null));
    expect(read(json(), '{a:1}')).toEqual(rejects('must be JSON'));
    expect(read(json(), '')).toEqual(rejects('must be JSON'));
  });

  it('oneOf accepts exactly its choices', () => {
    const size = oneOf('small', 'large');
    expect(read(size, 'small')).toEqual(accepts('small'));
    expect(read(size, 'SMALL')).toEqual(rejects('must be one of small, large'));
    expect(read(size, 'toString')).toEqual(rejects('must be one of small, large'));
  });

  it('a user-defined type converts, rejects, and applies its own rules', () => {
    expect(read(clockTime, '18:05')).toEqual(accepts({ hours: 18, minutes: 5 }));
    expect(read(clockTime, '24:00')).toEqual(rejects('must be a time like 18:30'));
    const even = scalar({ accepts: 'an integer', convert: (raw) => Number.parseInt(raw, 10), rules: [check('must be even', (n: number) => n % 2 === 0)] });
    expect(read(even, '4')).toEqual(accepts(4));
    expect(read(even, '3')).toEqual(rejects('must be even'));
  });
});

group('rules are data', () => {
  it('each rule says its kind, its limit and its message; the scalar lists them in the order it checks', () => {
    const data = (parameter: Parameter<unknown>) => parameter.rules.map(({ kind, message, ...rest }) => ({ kind, message, ...('limit' in rest ? { limit: rest.limit } : {}) }));
    expect(data(string({ min: 1, max: 16 }))).toEqual([
      { kind: 'required', message: 'is required' },
      { kind: 'once', message: 'must be given only once' },
      { kind: 'minLength', limit: 1, message: 'must be at least 1 character' },
      { kind: 'maxLength', limit: 16, message: 'must be at most 16 characters' },
    ]);
    expect(data(integer({ min: 1, max: 12 })).map((rule) => rule.kind)).toEqual(['required', 'once', 'type', 'minValue', 'maxValue']);
    expect(data(integer({ min: 1 }))[2]).toEqual({ kind: 'type', message: 'must be an integer' });
  });

  it('the validators are small values of their own, and a broken one is reported as itself', () => {
    expect(minLength(5)).toMatchObject({ kind: 'minLength', limit: 5, message: 'must be at least 5 characters' });
    expect([maxLength(1), minValue(-3), maxValue(0), minItems(1), maxItems(2)].map((rule) => rule.message)).toEqual([
      'must be at most 1 character', 'must be at least -3', 'must be at most 0', 'must be at least 1 value', 'must be at most 2 values',
    ]);
    const word = scalar({ accepts: 'a word', rules: [minLength(2), check('must be lower case', (text: string) => text === text.toLowerCase())] });
    expect(read(word, 'a')).toMatchObject({ ok: false, rule: { kind: 'minLength', limit: 2 } });
    expect(read(word, 'Ab')).toMatchObject({ ok: false, rule: { kind: 'check', message: 'must be lower case' } });
  });

  it('optional drops the required rule and list the per-value ones, by kind', () => {
    expect(optional(string({ max: 3 })).rules.map((rule) => rule.kind)).toEqual(['once', 'maxLength']);
    const tags = list(integer({ max: 9 }), { max: 3 });
    expect(tags.rules.map((rule) => rule.kind)).toEqual(['maxItems', 'each', 'each']);
    expect(list(string(), { min: 1, max: 2 }).rules).toMatchObject([{ kind: 'minItems', limit: 1 }, { kind: 'maxItems', limit: 2 }]);
    expect(tags.rules[1]).toMatchObject({ kind: 'each', rule: { kind: 'type' }, message: 'value N must be an integer' });
    expect(read(tags, '1', '10')).toMatchObject({ ok: false, rule: { kind: 'each', rule: { kind: 'maxValue', limit: 9 } } });
  });
});

group('form attributes: the rules a browser can check', () => {
  it('a required string with bounds gets required, minlength and maxlength', () => {
    expect(formAttributes(string({ min: 1, max: 16 }))).toEqual(['required', 'minlength="1"', 'maxlength="16"']);
    expect(formAttributes(integer({ min: 0, max: 9 }))).toEqual(['required', 'min="0"', 'max="9"']);
  });

  it('an optional one is not required; rules HTML has no attribute for give none', () => {
    expect(formAttributes(optional(string({ max: 3 })))).toEqual(['maxlength="3"']);
    expect(formAttributes(optional(json()))).toEqual([]);
    expect(formAttributes(list(string({ max: 2 }), { max: 3 }))).toEqual([]);
  });
});

group('how many values a parameter gets', () => {
  it('a scalar is required', () => {
    expect(read(string())).toEqual(rejects('is required'));
  });

  it('a scalar given twice is refused, even with the same value twice', () => {
    expect(read(string(), 'a', 'b')).toEqual(rejects('must be given only once'));
    expect(read(string(), 'a', 'a')).toEqual(rejects('must be given only once'));
  });

  it('optional uses its fallback only when the parameter is absent', () => {
    const note = optional(string({ max: 3 }), 'none');
    expect(read(note)).toEqual(accepts('none'));
    expect(read(note, '')).toEqual(accepts(''));
    expect(read(note, 'abcd')).toEqual(rejects('must be at most 3 characters'));
    expect(read(optional(integer()))).toEqual(accepts(undefined));
  });

  it('a list takes every value, checks each, and says which one broke a rule', () => {
    const numbers = list(integer({ max: 9 }), { max: 3 });
    expect(read(numbers)).toEqual(accepts([]));
    expect(read(numbers, '1', '2', '3')).toEqual(accepts([1, 2, 3]));
    expect(read(numbers, '1', 'x')).toEqual(rejects('value 2 must be an integer'));
    expect(read(numbers, '1', '10')).toEqual(rejects('value 2 must be at most 9'));
    expect(read(numbers, '1', '2', '3', '4')).toEqual(rejects('must be at most 3 values'));
    expect(read(list(string(), { min: 1 }))).toEqual(rejects('must be at least 1 value'));
    expect(read(list(string(), { min: 1 }), 'a')).toEqual(accepts(['a']));              // the bound itself
    expect(read(list(string(), { min: 2 }), 'a')).toEqual(rejects('must be at least 2 values'));
  });
});

group('readArguments', () => {
  const declaration = { room: string({ max: 4 }), count: integer() };

  it('gives typed arguments when every parameter is valid', () => {
    const { params } = request('/x', 'room=abc&count=3');
    expect(readArguments(declaration, params)).toEqual({ room: 'abc', count: 3 });
  });

  it('throws a 400 naming every broken parameter and its rule, one per line, in declaration order', () => {
    const { params } = request('/x', 'count=3x&room=toolong');
    let error: unknown;
    try { readArguments(declaration, params); } catch (thrown) { error = thrown; }
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).message).toBe('room: must be at most 4 characters\ncount: must be an integer');
  });

  it('treats __proto__ and constructor as ordinary names', () => {
    const params: Params = new Map([['__proto__', ['x']], ['constructor', ['y']]]);
    const declaration = Object.fromEntries([['__proto__', string()], ['constructor', string()]]);
    expect(readArguments(declaration, params))
      .toEqual(Object.fromEntries([['__proto__', 'x'], ['constructor', 'y']]));
  });
});

group('handlers through the router', () => {
  it('a response handler runs its body with typed arguments and returns its response', async () => {
    const router = new Router().on('GET', '/greet', responseHandler({ name: string({ min: 1 }) }, ({ name }) => text(`hi ${name}`)));
    const reply = await router.handle(request('/greet', 'name=Ada')) as Response;
    expect(reply).toMatchObject({ status: 200, body: 'hi Ada' });
  });

  it('on bad input the answer is a 400 with the rule, and the body never runs', async () => {
    let runs = 0;
    const router = new Router().on('GET', '/greet', responseHandler({ name: string({ min: 1 }) }, () => { runs++; return text('hi'); }));
    for (const query of ['', 'name=', 'name=a&name=b']) {
      const reply = await router.handle(request('/greet', query)) as Response;
      expect(reply.status).toBe(400);
      expect(reply.body).toMatch(/^name: (is required|must be at least 1 character|must be given only once)\n$/);
    }
    expect(runs).toBe(0);
  });

  it('a stream handler checks first, then hands the connection to its body', async () => {
    const opened: [string, unknown][] = [];
    const handler = streamHandler({ room: string({ max: 3 }) }, ({ room }, events) => opened.push([room, events]));
    const router = new Router().on('GET', '/source', handler);

    const bad = await router.handle(request('/source', 'room=toolong'));
    expect(bad).toMatchObject({ status: 400, body: 'room: must be at most 3 characters\n' });
    expect(opened).toEqual([]);

    const good = await router.handle(request('/source', 'room=abc'));
    expect(isStream(good)).toBe(true);
    expect(opened).toEqual([]); // nothing happens until the writer opens the stream
    const events = new EventStream(new PassThrough());
    if (isStream(good)) good.open(events);
    expect(opened).toEqual([['abc', events]]);
  });

  it('the order example answers valid orders and explains invalid ones', async () => {
    const router = new Router().on('GET', '/order', order);
    const ok = await router.handle(request('/order', 'size=large&count=2&toppings=olives&toppings=basil&at=19:05')) as Response;
    expect(ok.body).toBe('2 large pizzas with olives, basil at 19:05.\n');
    const bad = await router.handle(request('/order', 'size=huge&count=0&toppings=&at=7pm')) as Response;
    expect(bad.status).toBe(400);
    expect(bad.body).toBe([
      'size: must be one of small, medium, large',
      'count: must be at least 1',
      'toppings: value 1 must be at least 1 character',
      'at: must be a time like 18:30',
    ].join('\n') + '\n');
  });
});

group('describe: what a declaration turns into', () => {
  it('lists every parameter and every rule it can report, as the 400 line a client would get', async () => {
    const description = describe(order);
    const router = new Router().on('GET', '/order', order);
    // Each of these requests breaks rules; every line of every 400 must appear in the description.
    const queries = [
      '', 'size=small&size=large&count=1', 'size=x&count=1x', 'size=small&count=13', 'size=small&count=0',
      'size=small&count=1&toppings=&toppings=a', 'size=small&count=1&toppings=' + 'x'.repeat(21),
      'size=small&count=1&toppings=a&toppings=b&toppings=c&toppings=d&toppings=e&toppings=f',
      'size=small&count=1&at=25:00&at=1', 'size=small&count=1&count=2&note=a&note=b', 'size=small&count=1&at=25:00', 'size=small&count=1&note=' + 'n'.repeat(141),
    ];
    const seen = new Set<string>();
    for (const query of queries) {
      const reply = await router.handle(request('/order', query)) as Response;
      expect(reply.status).toBe(400);
      for (const line of reply.body.trim().split('\n')) {
        const listed = line.replace(/^(\w+: value )\d+/, '$1N');
        expect(description).toContain(`400 "${listed}"`);
        seen.add(listed);
      }
    }
    // ...and every 400 the description lists is one the handler really sends.
    const listed = [...description.matchAll(/400 "([^"]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...seen].sort());
  });

  it('lays the description out: names padded to the longest, each rule indented under what it accepts', () => {
    const handler = responseHandler(
      { room: string({ max: 16 }), n: optional(integer(), 1), tag: list(string(), { max: 2 }) }, () => text(''));
    const under = ' '.repeat(2 + 'room'.length + 2 + 2);   // past the name column, and two more
    expect(describe(handler)).toBe([
      'a response handler. For each request it reads:',
      '  room  a string',
      `${under}400 "room: is required"`,
      `${under}400 "room: must be given only once"`,
      `${under}400 "room: must be at most 16 characters"`,
      '  n     an integer, or nothing (then 1)',
      `${under}400 "n: must be given only once"`,
      `${under}400 "n: must be an integer"`,
      '  tag   any number of values, each a string',
      `${under}400 "tag: must be at most 2 values"`,
      'Any broken rule: 400, one line per broken rule, and the body never runs.',
      'All valid: body({ room, n, tag }) computes the response, which is sent.',
    ].join('\n'));
  });

  it('describes a handler that reads no parameters', () => {
    expect(describe(streamHandler({}, () => {}))).toBe([
      'a stream handler. For each request it reads:',
      'Any broken rule: 400, one line per broken rule, and the body never runs.',
      'All valid: the stream\'s head is sent; body({}, events) gets the open stream.',
    ].join('\n'));
  });

  it('says what kind of handler it is and what the body receives', () => {
    expect(describe(order)).toMatch(/^a response handler/);
    expect(describe(order)).toContain('body({ size, count, toppings, at, note })');
    expect(describe(streamHandler({ room: string() }, () => {}))).toMatch(/^a stream handler[\s\S]*body\(\{ room \}, events\)/);
  });
});

group('the chapter as a program', () => {
  it('prints what the order handler does, serves it, and stops cleanly', async () => {
    const demo = stopAfterTest(runChapter('orders', { PORT: '0' }));
    const url = (await demo.waitFor(/Taking orders on (http:\S+)\. Try:/))[1]!;
    expect(demo.output()).toContain(describe(order));
    const ok = await fetch(`${url}?size=large&count=2&toppings=olives&toppings=basil&at=19:30`);
    expect(await ok.text()).toBe('2 large pizzas with olives, basil at 19:30.\n');
    const bad = await fetch(`${url}?size=huge&count=2x&at=7pm`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('size: must be one of small, medium, large\ncount: must be an integer\nat: must be a time like 18:30\n');
    expect(await demo.stop('SIGINT')).toBe(0);
  });
});
