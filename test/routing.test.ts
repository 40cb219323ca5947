// tier: unit
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  HttpError, KNOWN_METHODS, Router, STATUS_TEXT, errorResponse, isStream, stream, text,
  type Request, type Response,
} from '../chapters/routing.ts';
import { runChapter } from './helpers.ts';

function request(method: string, path: string): Request {
  return { method, target: path, path, version: 'HTTP/1.1', headers: new Map(), params: new Map() };
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
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain('secret');
    expect(reply.headers).toEqual({});
  });

  it('knows a reason phrase for every status the server itself sends', () => {
    for (const status of [100, 200, 400, 404, 405, 408, 413, 415, 417, 500, 501, 505]) expect(STATUS_TEXT[status]).toBeTruthy();
    expect(KNOWN_METHODS.has('PATCH')).toBe(true);
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
    const program = runChapter('routing');
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
