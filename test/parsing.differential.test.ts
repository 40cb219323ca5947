// tier: unit
// House's RequestReader against Node's own parser (llhttp, strict), on a few thousand generated request
// streams, each read whole and one byte at a time. The machinery, and why it runs in-process against
// llhttp's binding rather than against a node:http server over a socket, is in test/differential.ts;
// `npm run fuzz -- --n 100000 [--seed S]` runs the same comparison on as many streams as you like.
//
// It fails on a framing disagreement (where requests end, how many, which bodies, which targets), on a
// stream House reads differently whole and byte by byte, and on a request House accepts that llhttp
// refuses, except the differences the book argues for (ALLOWED and UPGRADE there, each with its RFC
// section): a method llhttp doesn't know (RFC 9110 §9.1), repeated identical Content-Length values
// (RFC 9110 §8.6), a tab around a framing header's value (RFC 9110 §5.5), and an Upgrade House doesn't
// take (RFC 9110 §7.8).
import { describe, expect, it } from 'vitest';
import {
  ALLOWED, UPGRADE, compare, generateStream, houseReads, judge, nodeReads, report,
} from './differential.ts';

const SEED = 20_261_207;
const STREAMS = 4_000;

describe('House and llhttp read generated request streams alike', () => {
  it(`agrees on ${STREAMS} streams from seed ${SEED}, whole and byte by byte`, () => {
    const failures: string[] = [];
    const endings = new Map<string, number>();
    for (let i = 0; i < STREAMS; i++) {
      const stream = generateStream(SEED + i);
      const verdict = compare(stream);
      if (!verdict.ok) failures.push(report(SEED + i, stream, verdict));
      else endings.set(verdict.reason ?? 'alike', (endings.get(verdict.reason ?? 'alike') ?? 0) + 1);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    // Every argued difference is met in the run (none is dead weight), and most streams are read alike
    // to their end, or to a refusal both parsers make.
    for (const name of [...ALLOWED.map((allowed) => allowed.name), UPGRADE]) {
      expect(endings.get(name) ?? 0, name).toBeGreaterThan(0);
    }
    expect(endings.get('alike')).toBeGreaterThan(STREAMS * 0.8);
  });

  it('reads requests, their ends and their bodies with llhttp as House does', () => {
    const stream = Buffer.from('POST /a HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      'Transfer-Encoding: chunked\r\n\r\n3\r\nx=1\r\n0\r\n\r\nGET /b?c=d HTTP/1.1\r\nHost: a\r\n\r\n');
    const first = stream.indexOf('GET /b');
    const node = nodeReads(stream);
    expect(node.messages.map(({ method, target, end, body }) => [method, target, end, body.toString()]))
      .toEqual([['POST', '/a', first, 'x=1'], ['GET', '/b?c=d', stream.length, '']]);
    expect(houseReads(stream, 1).requests.map(({ end }) => end)).toEqual([first, stream.length]);
    expect(compare(stream)).toEqual({ ok: true });
  });

  it('fails on a request House ends elsewhere than llhttp, on one llhttp refuses, and on a split House reads differently', () => {
    const stream = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    const house = houseReads(stream, Infinity);
    const node = nodeReads(stream);
    const shifted = { ...house, requests: [{ ...house.requests[0]!, end: 20 }] };
    expect(judge(stream, shifted, shifted, node).reason).toBe('request 1: House ends it at byte 20, Node at byte 27');
    expect(judge(stream, house, house, { messages: [], error: { code: 'HPE_X', at: 3 } }).reason)
      .toBe('House accepts request 1 (GET /, ending at byte 27); Node refuses it (HPE_X at byte 3)');
    expect(judge(stream, house, { ...house, requests: [] }, node).reason).toMatch(/^House reads it differently whole and byte by byte/);
  });
});
