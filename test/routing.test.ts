import { afterEach, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import type { Socket } from 'node:net';
import {
  HttpError, Router, errorResponse, formatResponse, formatStreamHead, html, isStream, stream, text, writeReply,
  type Request, type Response,
} from '../chapters/routing.ts';
import { runChapter } from './helpers.ts';

function request(method: string, path: string): Request {
  return { method, target: path, path, version: 'HTTP/1.1', headers: new Map(), params: new Map() };
}

/** A stand-in for a socket that remembers what was written and whether it was ended. */
function fakeConnection() {
  const connection = new PassThrough();
  const chunks: Buffer[] = [];
  connection.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { connection: connection as unknown as Socket, written: () => Buffer.concat(chunks).toString('utf8') };
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
    expect(reply.headers).toEqual({ Allow: 'GET, POST' });
    expect(reply.body).toContain('GET, POST');
  });

  it('matches methods case-sensitively, as HTTP does', async () => {
    expect((await router.handle(request('get', '/hello')) as Response).status).toBe(405);
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

describe('errorResponse', () => {
  it('keeps the headers of an HttpError', () => {
    expect(errorResponse(new HttpError(405, 'no', { Allow: 'GET' }))).toMatchObject({ status: 405, headers: { Allow: 'GET' } });
  });

  it('makes a 500 from a thrown non-Error value', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(errorResponse('a string').status).toBe(500);
  });
});

describe('formatResponse', () => {
  it('writes status line, headers in order, a blank line and the body', () => {
    expect(formatResponse(text('hello\n')).toString('utf8')).toBe(
      'HTTP/1.1 200 OK\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'Cache-Control: no-cache, no-store, must-revalidate\r\n' +
      'Content-Length: 6\r\n' +
      'Connection: close\r\n' +
      '\r\n' +
      'hello\n');
  });

  it('counts Content-Length in bytes of UTF-8, not in characters', () => {
    const body = 'héllo 🏠';                                  // 7 characters, 8 UTF-16 units, 11 bytes
    const bytes = formatResponse(html(body));
    expect(bytes.toString('utf8')).toContain('Content-Length: 11\r\n');
    expect(bytes.subarray(bytes.indexOf('\r\n\r\n') + 4).toString('utf8')).toBe(body);
  });

  it('writes extra headers but never lets them override the framing', () => {
    const written = formatResponse({ status: 200, contentType: 'application/json', body: '{"a":1}', headers: { Location: '/x', 'Content-Length': '999', Connection: 'keep-alive' } }).toString();
    expect(written).toContain('Content-Type: application/json; charset=utf-8\r\n');
    expect(written).toContain('Location: /x\r\n');
    expect(written).toContain('Content-Length: 7\r\n');
    expect(written).toContain('Connection: close\r\n');
    expect(written).not.toContain('999');
  });

  it('refuses header values that would inject lines, and malformed header names', () => {
    expect(() => formatResponse({ ...text(''), headers: { Location: '/x\r\nSet-Cookie: a=b' } })).toThrow(/malformed header/);
    expect(() => formatResponse({ ...text(''), headers: { 'Bad Name': 'x' } })).toThrow(/malformed header/);
  });

  it('gives each error status its reason phrase', () => {
    for (const [status, reason] of [[400, 'Bad Request'], [404, 'Not Found'], [405, 'Method Not Allowed'],
      [408, 'Request Timeout'], [413, 'Content Too Large'], [500, 'Internal Server Error'], [501, 'Not Implemented']] as const) {
      expect(formatResponse(text('', status)).toString()).toMatch(new RegExp(`^HTTP/1\\.1 ${status} ${reason}\\r\\n`));
    }
  });
});

describe('streams', () => {
  it('writes an event-stream head without Content-Length', () => {
    expect(formatStreamHead()).toBe(
      'HTTP/1.1 200 OK\r\n' +
      'Content-Type: text/event-stream; charset=utf-8\r\n' +
      'Cache-Control: no-cache, no-store, must-revalidate\r\n' +
      'Connection: keep-alive\r\n' +
      '\r\n');
  });

  it('writeReply sends the head, then hands the open connection to the stream', () => {
    const { connection, written } = fakeConnection();
    let opened: Socket | undefined;
    const reply = stream((c) => { opened = c; c.write('data: first\n\n'); });
    expect(isStream(reply)).toBe(true);
    writeReply(connection, reply);
    expect(opened).toBe(connection);
    expect(written()).toBe(`${formatStreamHead()}data: first\n\n`);
    expect(connection.writableEnded).toBe(false);
  });

  it('writeReply writes a Response whole and ends the connection', () => {
    const { connection, written } = fakeConnection();
    writeReply(connection, text('bye'));
    expect(written()).toBe(formatResponse(text('bye')).toString());
    expect(connection.writableEnded).toBe(true);
  });
});

describe('the chapter as a program', () => {
  it('prints the exact bytes of a few responses', async () => {
    const program = runChapter('routing');
    const code = await new Promise((done) => program.process.once('exit', done));
    expect(code).toBe(0);
    const output = program.output();
    expect(output).toContain('Content-Length: 21\\r\\n');          // 'Grüße aus dem Haus\n' is 19 characters, 21 bytes
    expect(output).toContain('HTTP/1.1 404 Not Found\\r\\n');
    expect(output).toContain('Allow: GET\\r\\n');
    expect(output).toContain('HTTP/1.1 500 Internal Server Error\\r\\n');
    expect(output).toContain('Content-Type: text/event-stream; charset=utf-8\\r\\n');
    expect(output).toContain('event: chat\ndata: first line\ndata: second line\n');
  });
});
