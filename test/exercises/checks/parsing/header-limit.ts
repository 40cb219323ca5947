import { formatResponse, parseHead } from '../../../../chapters/parsing.ts';
import { HttpError, errorResponse } from '../../../../chapters/routing.ts';
import type * as Starter from '../../../../chapters/exercises/parsing/header-limit.ts';
import type * as Solution from '../../solutions/parsing/header-limit.ts';
import { expectEqual, expectThat, NotYet, type Exercise, type Fits } from '../../kit.ts';

const LIMIT = 4;

/** A GET head with these header lines after Host. */
function head(...fields: string[]): Buffer {
  return Buffer.from(['GET /search?q=house HTTP/1.1', 'Host: exercise', ...fields, '', ''].join('\r\n'), 'latin1');
}

/** What parsing threw, or undefined if it didn't. */
function refusal(parse: () => unknown): unknown {
  try {
    parse();
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectStatus(error: unknown, status: number, what: string): asserts error is HttpError {
  if (error === undefined) throw new NotYet(`${what}: expected a ${status}, but it was accepted`);
  expectThat(error instanceof HttpError, `${what}: expected an HttpError ${status}, got ${String(error)}`);
  expectEqual(error.status, status, `${what}: the status`);
}

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'refuse a request with too many header lines with 431',
  async check({ parseHeadWithLimit }, steps) {
    const tooMany = head('Accept: text/plain', 'User-Agent: check', 'X-One: 1', 'X-Two: 2');  // Host + 4 = 5 lines

    await steps.step(`a head with exactly ${LIMIT} header lines is read as parseHead reads it`, () => {
      const bytes = head('Accept: text/plain', 'User-Agent: check', 'X-One: 1');
      const got = parseHeadWithLimit(bytes, LIMIT);
      expectEqual(JSON.stringify({ ...got, headers: [...got.headers] }),
        JSON.stringify({ ...parseHead(bytes), headers: [...parseHead(bytes).headers] }), 'the head');
    });
    await steps.step(`one line more is refused with 431, and the message gives the limit`, () => {
      const error = refusal(() => parseHeadWithLimit(tooMany, LIMIT));
      expectStatus(error, 431, `a head with ${LIMIT + 1} header lines`);
      expectThat(error.message.includes(String(LIMIT)), `the message should say the limit is ${LIMIT}, got ${JSON.stringify(error.message)}`);
    });
    await steps.step('a repeated header counts once per line', () => {
      const error = refusal(() => parseHeadWithLimit(head('Accept: a', 'Accept: b', 'Accept: c', 'Accept: d'), LIMIT));
      expectStatus(error, 431, 'a head with Host and four Accept lines');
    });
    await steps.step('the count comes first: too many lines is 431 even with a malformed one among them', () => {
      const error = refusal(() => parseHeadWithLimit(head('Accept: a', 'no colon here', 'X-One: 1', 'X-Two: 2'), LIMIT));
      expectStatus(error, 431, 'a head with five lines, one of them malformed');
    });
    await steps.step('a malformed head under the limit is still a 400', () => {
      expectStatus(refusal(() => parseHeadWithLimit(head('no colon here'), LIMIT)), 400, 'a head with a line without a colon');
    });
    await steps.step('the error response\'s status line has its reason phrase', () => {
      const error = refusal(() => parseHeadWithLimit(tooMany, LIMIT));
      expectStatus(error, 431, `a head with ${LIMIT + 1} header lines`);
      const statusLine = formatResponse(errorResponse(error)).toString('latin1').split('\r\n')[0];
      expectEqual(statusLine, 'HTTP/1.1 431 Request Header Fields Too Large', 'the status line');
    });
  },
};
