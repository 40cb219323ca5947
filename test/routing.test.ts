// tier: unit
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import {
  HttpError, KNOWN_METHODS, Router, STATUS_TEXT, errorResponse, html, isStream, stream, text,
  type Request, type Response,
} from '../chapters/routing.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { runChapter, stopAfterTest } from './helpers.ts';

/** A reason phrase: words, as RFC 9110 §15 spells them. */
const REASON = /^[A-Z][A-Za-z' -]*[A-Za-z]$/;

/** The statuses RFC 9110 §15 defines (less 305 and 306, deprecated and unused), and 418. */
const RFC_9110_STATUSES = [
  100, 101, 200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 426,
  500, 501, 502, 503, 504, 505,
];

/** Every status the chapters' code sends, by a look at the code itself: `new HttpError(N`, `text(…, N)`,
 *  `html(…, N)`, a status named next to its number, and status lines written out. Status → files. */
function statusesInChapters(): Map<number, string> {
  const patterns = [
    /new HttpError\(\s*([1-5]\d\d)\b/g, /\b(?:text|html)\([^;]*?,\s*([1-5]\d\d)\)/g,
    /\bstatus\b[^\n;]{0,40}?\b([1-5]\d\d)\b/g, /HTTP\/1\.1 ([1-5]\d\d) /g,
  ];
  const folder = new URL('../chapters/', import.meta.url);
  const found = new Map<number, string>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
    const code = readFileSync(new URL(file, folder), 'utf8');
    for (const pattern of patterns) {
      for (const [, status] of code.matchAll(pattern)) {
        const known = found.get(Number(status));
        if (!known?.split(', ').includes(file)) found.set(Number(status), known ? `${known}, ${file}` : file);
      }
    }
  }
  return found;
}

function request(method: string, path: string): Request {
  return { method, target: path, path, version: 'HTTP/1.1', headers: new Map(), params: new Map(), body: new Uint8Array() };
}

afterEach(() => vi.restoreAllMocks());

describe('Router', () => {
  const router = new Router()
    .on('GET', '/hello', () => text('hi'))
    .on('POST', '/hello', async () => text('posted', 201))
    .on('GET', '/teapot', () => { throw new HttpError(418, 'short and stout'); })
    .on('GET', '/bug', () => { throw new Error('oops'); })
    .on('GET', '/async-bug', async () => { throw new TypeError('later oops'); });

  it('finds the handler for a method and path', async () => {
    expect(await router.handle(request('GET', '/hello'))).toEqual(text('hi'));
    expect(await router.handle(request('POST', '/hello'))).toEqual(text('posted', 201));
  });

  it('answers an unknown path with 404 naming the path', async () => {
    const reply = await router.handle(request('GET', '/nope')) as Response;
    expect(reply.status).toBe(404);
    expect(reply.body).toContain('/nope');
  });

  it('treats paths like __proto__ and constructor as ordinary unknown paths', async () => {
    for (const path of ['__proto__', 'constructor', '/__proto__', 'toString']) {
      expect((await router.handle(request('GET', path)) as Response).status).toBe(404);
    }
  });

  it('answers a known path with the wrong method with 405 and an Allow header listing the methods', async () => {
    const reply = await router.handle(request('DELETE', '/hello')) as Response;
    expect(reply.status).toBe(405);
    expect(reply.headers).toMatchObject({ Allow: 'GET, POST, HEAD' });
    expect(reply.body).toBe('/hello accepts GET, POST, HEAD\n');
  });

  it('answers HEAD with the GET handler (the wire leaves out the body), unless HEAD has its own', async () => {
    expect(await router.handle(request('HEAD', '/hello'))).toEqual(text('hi'));
    const own = new Router().on('GET', '/a', () => text('get')).on('HEAD', '/a', () => text('head'));
    expect(await own.handle(request('HEAD', '/a'))).toEqual(text('head'));
    const postOnly = new Router().on('POST', '/p', () => text(''));
    expect(await postOnly.handle(request('HEAD', '/p'))).toMatchObject({ status: 405, headers: { Allow: 'POST' } });
  });

  it('answers a method it does not know at all with 501, wherever it is sent', async () => {
    for (const path of ['/hello', '/nope']) {
      const reply = await router.handle(request('BREW', path)) as Response;
      expect(reply.status).toBe(501);
      expect(reply.body).toContain('BREW');
    }
  });

  it('matches methods case-sensitively, as HTTP does', async () => {
    expect((await router.handle(request('get', '/hello')) as Response).status).toBe(501);
  });

  it('turns an HttpError thrown by a handler into that status with its message as body', async () => {
    const reply = await router.handle(request('GET', '/teapot')) as Response;
    expect(reply).toMatchObject({ status: 418, contentType: 'text/plain', body: 'short and stout\n' });
  });

  it('turns any other failure, thrown or rejected, into a 500 that does not leak the error', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const path of ['/bug', '/async-bug']) {
      const reply = await router.handle(request('GET', path)) as Response;
      expect(reply.status).toBe(500);
      expect(reply.body).not.toContain('oops');
    }
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('refuses to register the same method and path twice', () => {
    expect(() => new Router().on('GET', '/a', () => text('')).on('GET', '/a', () => text(''))).toThrow(/already/);
  });
});

describe('errorResponse: the one place an error becomes a response', () => {
  it('uses the message as the body and keeps the headers of an HttpError', () => {
    expect(errorResponse(new HttpError(405, 'no', { Allow: 'GET' }))).toEqual({
      status: 405, contentType: 'text/plain', body: 'no\n',
      headers: { Allow: 'GET' },
    });
  });

  it('makes a 500 from a thrown non-Error value, without leaking it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const reply = errorResponse('a secret string');
    expect(reply).toEqual({
      status: 500, contentType: 'text/plain', body: 'the handler failed\n',
      headers: {},
    });
  });

  it('logs what a handler threw, for the server\'s eyes only, and never an HttpError, which is an answer', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    errorResponse(new HttpError(404, 'nothing here'));
    expect(log).not.toHaveBeenCalled();
    const bug = new TypeError('undefined is not a function');
    errorResponse(bug);
    expect(log).toHaveBeenCalledExactlyOnceWith('house: a handler failed:', bug);
  });

  it('an HttpError is named so in logs and stack traces, and has no headers unless given some', () => {
    const error = new HttpError(400, 'no room given');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HttpError');
    expect(String(error)).toBe('HttpError: no room given');
    expect(error.headers).toEqual({});
  });

  // It reads the chapters' text, which under `npm run mutate` is Stryker's rewrite of it.
  it.skipIf(inject('instrumentedChapters'))('knows a reason phrase for every status the chapters send, found in their code', () => {
    const sent = statusesInChapters();
    // The scan does find them: the wire's, the router's, errorResponse's and a handler's.
    expect([...sent.keys()]).toEqual(expect.arrayContaining([100, 200, 400, 404, 405, 408, 413, 415, 417, 500, 501, 503, 505]));
    for (const [status, where] of sent) expect(STATUS_TEXT[status], `${status}, sent in ${where}`).toMatch(REASON);
  });

  it('knows a reason phrase for every status RFC 9110 defines (and 418), so any a handler throws has one', () => {
    for (const status of RFC_9110_STATUSES) expect(STATUS_TEXT[status], String(status)).toMatch(REASON);
  });

  it('knows PATCH, from RFC 5789, as well as the methods of RFC 9110', () => {
    expect([...KNOWN_METHODS].sort()).toEqual(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);
  });
});

describe('replies', () => {
  it('text and html are complete responses of their media type, 200 unless told otherwise', () => {
    expect(text('hi')).toEqual({ status: 200, contentType: 'text/plain', body: 'hi' });
    expect(text('gone', 410)).toEqual({ status: 410, contentType: 'text/plain', body: 'gone' });
    expect(html('<p>hi</p>')).toEqual({ status: 200, contentType: 'text/html', body: '<p>hi</p>' });
    expect(html('<p>no</p>', 404)).toEqual({ status: 404, contentType: 'text/html', body: '<p>no</p>' });
  });
});

describe('streams', () => {
  it('a stream is a reply that will be handed the connection', () => {
    const open = () => {};
    expect(isStream(stream(open))).toBe(true);
    expect(isStream(text('x'))).toBe(false);
  });
});

describe('the chapter as a program', () => {
  it('prints what the router answers to a few requests', async () => {
    const program = stopAfterTest(runChapter('routing'));
    expect(await program.exited()).toBe(0);
    const output = program.output();
    expect(output).toContain('--- GET /hello → 200 OK');
    expect(output).toContain('--- HEAD /hello → 200 OK');
    expect(output).toContain('--- GET /nowhere → 404 Not Found');
    expect(output).toContain("Allow: 'GET, HEAD'");
    expect(output).toContain('--- BREW /hello → 501 Not Implemented');
    expect(output).toContain('--- GET /crash → 500 Internal Server Error');
  });
});
