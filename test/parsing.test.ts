import { describe, expect, it } from 'vitest';
import { addParams, findHeadEnd, parseHead, parseRequest, percentDecode } from '../chapters/parsing.ts';
import { HttpError, type Request } from '../chapters/routing.ts';
import { runChapter } from './helpers.ts';

/** Parses a complete request given as text; `latin1` keeps `\xNN` escapes as single raw bytes. */
function parse(raw: string | Buffer): Request {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  const end = findHeadEnd(bytes);
  expect(end).toBeGreaterThan(0);
  const head = parseHead(bytes.subarray(0, end));
  return parseRequest(head, bytes.subarray(end, end + head.contentLength));
}

/** The HttpError that parsing `raw` throws (failing the test if it doesn't throw one). */
function failure(raw: string): HttpError {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

const form = (body: string, extra = '') =>
  `POST /send HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded${extra}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('findHeadEnd', () => {
  it('finds the end of the head just past the first empty line', () => {
    expect(findHeadEnd(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\nbody'))).toBe(27);
    expect(findHeadEnd(Buffer.from('GET / HTTP/1.1\n\nbody'))).toBe(16);   // bare LF, as RFC 9112 allows
  });

  it('says -1 while the empty line has not fully arrived', () => {
    for (const partial of ['', 'GET / HTTP/1.1', 'GET / HTTP/1.1\r\n', 'GET / HTTP/1.1\r\nHost: a\r\n\r']) {
      expect(findHeadEnd(Buffer.from(partial))).toBe(-1);
    }
  });
});

describe('the request line and headers', () => {
  it('reads method, target, path, version and headers', () => {
    const request = parse('GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept:text/html  \r\n\r\n');
    expect(request).toMatchObject({ method: 'GET', target: '/a/b?x=1', path: '/a/b', version: 'HTTP/1.1' });
    expect(request.headers).toEqual(new Map([['host', 'example.com'], ['accept', 'text/html']]));
  });

  it('makes header names case-insensitive and joins repeated headers in order', () => {
    const { headers } = parse('GET / HTTP/1.1\r\nX-Tag: a\r\nx-tag: b\r\nX-TAG: c\r\n\r\n');
    expect(headers.get('x-tag')).toBe('a, b, c');
  });

  it('accepts HTTP/1.0 and bare-LF line endings', () => {
    expect(parse('GET / HTTP/1.0\nHost: a\n\n').headers.get('host')).toBe('a');
  });

  it('percent-decodes the path (without turning + into a space)', () => {
    expect(parse('GET /caf%C3%A9/a+b HTTP/1.1\r\n\r\n').path).toBe('/café/a+b');
  });

  it.each([
    ['GET / HTTP/1.1 extra\r\n\r\n', 400, 'request line'],
    ['GET  / HTTP/1.1\r\n\r\n', 400, 'request line'],
    ['GET /\r\n\r\n', 400, 'request line'],
    ['\r\n\r\n', 400, 'request line'],
    ['G(T / HTTP/1.1\r\n\r\n', 400, 'method'],
    ['GET http://example.com/ HTTP/1.1\r\n\r\n', 400, 'target'],
    ['GET /a\x01b HTTP/1.1\r\n\r\n', 400, 'target'],
    ['GET / HTTP/1.1x\r\n\r\n', 400, 'HTTP version'],
    ['GET / http/1.1\r\n\r\n', 400, 'HTTP version'],
    ['GET / HTTP/2.0\r\n\r\n', 505, 'HTTP/2.0'],
    ['GET / HTTP/0.9\r\n\r\n', 505, 'HTTP/0.9'],
    ['GET / HTTP/1.1\r\nHost example.com\r\n\r\n', 400, 'without a colon'],
    ['GET / HTTP/1.1\r\nHost : example.com\r\n\r\n', 400, 'header name'],
    ['GET / HTTP/1.1\r\n: empty name\r\n\r\n', 400, 'header name'],
    ['GET / HTTP/1.1\r\nX-A: 1\r\n  folded\r\n\r\n', 400, 'folding'],
    ['GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n', 400, 'bare CR'],
    ['GET / HTTP/1.1\r\nX-A: a\x00b\r\n\r\n', 400, 'control character'],
    ['GET / HTTP/1.1\r\nX-Name: \xff\r\n\r\n', 400, 'invalid UTF-8 in the head'],
    ['GET /%zz HTTP/1.1\r\n\r\n', 400, 'percent-encoding'],
    ['GET /?q=%4 HTTP/1.1\r\n\r\n', 400, 'percent-encoding'],
    ['GET /?q=100% HTTP/1.1\r\n\r\n', 400, 'percent-encoding'],
    ['GET /?q=%C3%28 HTTP/1.1\r\n\r\n', 400, 'invalid UTF-8 in the query string'],
    ['GET /?q=%ED%A0%80 HTTP/1.1\r\n\r\n', 400, 'invalid UTF-8'],   // an encoded lone surrogate
    ['GET /%FF HTTP/1.1\r\n\r\n', 400, 'invalid UTF-8 in the path'],
  ])('refuses %j with %i naming the problem', (raw, status, reason) => {
    const error = failure(raw);
    expect(error.status).toBe(status);
    expect(error.message).toContain(reason);
    expect(error.message).toMatch(new RegExp(`^${status} `));
  });
});

describe('Content-Length and Transfer-Encoding', () => {
  const post = (headers: string, body = '') => `POST /send HTTP/1.1\r\n${headers}\r\n\r\n${body}`;

  it('reads the body length; no Content-Length means no body', () => {
    expect(parseHead(Buffer.from(post('Content-Length: 12'))).contentLength).toBe(12);
    expect(parseHead(Buffer.from(post('Host: a'))).contentLength).toBe(0);
  });

  it('accepts repeated identical values, as RFC 9110 allows', () => {
    expect(parseHead(Buffer.from(post('Content-Length: 3\r\nContent-Length: 3'))).contentLength).toBe(3);
    expect(parseHead(Buffer.from(post('Content-Length: 3, 3'))).contentLength).toBe(3);
  });

  it.each([
    ['Content-Length: 3\r\nContent-Length: 4', 400, 'conflicting Content-Length'],
    ['Content-Length: 3, 4', 400, 'conflicting Content-Length'],
    ['Content-Length: -1', 400, 'invalid Content-Length'],
    ['Content-Length: +5', 400, 'invalid Content-Length'],
    ['Content-Length: 1e3', 400, 'invalid Content-Length'],
    ['Content-Length: 0x10', 400, 'invalid Content-Length'],
    ['Content-Length:', 400, 'invalid Content-Length'],
    ['Content-Length: 99999999999999999999', 400, 'invalid Content-Length'],
    ['Transfer-Encoding: chunked\r\nContent-Length: 5', 400, 'both Transfer-Encoding and Content-Length'],
    ['Content-Length: 5\r\nTransfer-Encoding: chunked', 400, 'both Transfer-Encoding and Content-Length'],
    ['Transfer-Encoding: chunked', 501, 'chunked bodies'],
    ['transfer-encoding: gzip, chunked', 501, 'chunked bodies'],
  ])('refuses %j with %i', (headers, status, reason) => {
    const error = failure(post(headers));
    expect(error.status).toBe(status);
    expect(error.message).toContain(reason);
  });
});

describe('parameters', () => {
  it('reads the query string with + as space and %2B as a plus', () => {
    const { params } = parse('GET /s?q=caf%C3%A9+au+lait&sum=1%2B1 HTTP/1.1\r\n\r\n');
    expect(params).toEqual(new Map([['q', ['café au lait']], ['sum', ['1+1']]]));
  });

  it('keeps every value of a repeated name, in order: query first, then form body', () => {
    const raw = form('room=b&room=c').replace('/send', '/send?room=a');
    expect(parse(raw).params.get('room')).toEqual(['a', 'b', 'c']);
  });

  it('handles empty values, missing "=", "=" inside values and empty pairs', () => {
    const { params } = parse('GET /?a=&b&c=x=y&&=z HTTP/1.1\r\n\r\n');
    expect(params).toEqual(new Map([['a', ['']], ['b', ['']], ['c', ['x=y']], ['', ['z']]]));
  });

  it('treats __proto__, constructor and friends as ordinary names', () => {
    const { params } = parse('GET /?__proto__=1&constructor=2&hasOwnProperty=3&__proto__=4 HTTP/1.1\r\n\r\n');
    expect(params.get('__proto__')).toEqual(['1', '4']);
    expect(params.get('constructor')).toEqual(['2']);
    expect(params.get('hasOwnProperty')).toEqual(['3']);
    expect(params.get('toString')).toBeUndefined();
    expect(({} as Record<string, unknown>)['1']).toBeUndefined();   // nothing leaked into Object.prototype
  });

  it('reads a form body by Content-Length, counted in bytes', () => {
    const body = 'name=J%C3%BCrgen&message=gr%C3%BC%C3%9F+dich&raw=🏠';  // a literal multi-byte character, too
    const { params } = parse(Buffer.from(form(body), 'utf8'));
    expect(params).toEqual(new Map([['name', ['Jürgen']], ['message', ['grüß dich']], ['raw', ['🏠']]]));
  });

  it('accepts a charset parameter and any letter case on the form media type', () => {
    expect(parse(form('a=1', '; charset=UTF-8')).params.get('a')).toEqual(['1']);
    expect(parse(form('a=1').replace('application/x-www-form-urlencoded', 'Application/X-WWW-Form-URLEncoded')).params.get('a')).toEqual(['1']);
  });

  it('refuses a body that is not a form with 415', () => {
    const json = 'POST / HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
    expect(failure(json).status).toBe(415);
    expect(failure('POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab').message).toContain('no Content-Type');
  });

  it('refuses invalid UTF-8 and bad escapes in the body with 400', () => {
    const rawByte = 'POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=\xff';
    expect(failure(rawByte).message).toContain('invalid UTF-8 in the body');
    expect(failure(form('a=%C3')).message).toContain('invalid UTF-8 in the body');
    expect(failure(form('a=%G1')).message).toContain('percent-encoding');
  });

  it('addParams and percentDecode work on their own', () => {
    expect(addParams(new Map([['a', ['0']]]), 'a=1&b=2', 'test')).toEqual(new Map([['a', ['0', '1']], ['b', ['2']]]));
    expect(percentDecode('a+b%20c', true, 'test')).toBe('a b c');
    expect(percentDecode('a+b%20c', false, 'test')).toBe('a+b c');
    expect(percentDecode('%F0%9F%8F%A0', false, 'test')).toBe('🏠');
    expect(percentDecode('%EF%BB%BFx', false, 'test')).toBe('\uFEFFx');   // a byte-order mark is kept, not eaten
  });
});

describe('the chapter as a program', () => {
  it('parses good and bad sample requests and prints what it found', async () => {
    const program = runChapter('parsing');
    const code = await new Promise((done) => program.process.once('exit', done));
    expect(code).toBe(0);
    const output = program.output();
    expect(output).toContain("'q' => [ 'café au lait' ]");
    expect(output).toContain("'__proto__' => [ '1' ]");
    expect(output).toContain('505 HTTP Version Not Supported');
    expect(output).toContain('400 Bad Request: header line without a colon');
    expect(output).toContain('400 Bad Request: conflicting Content-Length');
    expect(output).toContain('501 Not Implemented');
  });
});
