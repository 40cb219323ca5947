import { responseHandler } from '../../../../chapters/handlers.ts';
import { HttpError, text, type Request, type Response } from '../../../../chapters/routing.ts';
import type * as Starter from '../../../../chapters/exercises/handlers/date.ts';
import type * as Solution from '../../solutions/handlers/date.ts';
import { expectEqual, expectThat, NotYet, type Exercise, type Fits } from '../../kit.ts';

function request(values: string[]): Request {
  return {
    method: 'GET', target: '/book', path: '/book', version: 'HTTP/1.1',
    headers: new Map([['host', 'exercise']]), params: new Map(values.length > 0 ? [['when', values]] : []),
    body: new Uint8Array(),
  };
}

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'a date() parameter type for the handler DSL, with min and max',
  async check({ date }, steps) {
    /** Runs a handler declared with `when` on these raw values: the body it answers, or the 400's message. */
    const read = async (parameter: ReturnType<typeof date>, ...values: string[]) => {
      const handler = responseHandler({ when: parameter }, ({ when }) => text(when.toISOString()));
      try {
        return { ok: true, text: ((await handler(request(values))) as Response).body };
      } catch (error) {
        if (error instanceof HttpError && error.status === 400) return { ok: false, text: error.message };
        throw error;
      }
    };
    const expectDay = async (parameter: ReturnType<typeof date>, raw: string) => {
      const { ok, text: got } = await read(parameter, raw);
      expectThat(ok, `when=${raw} should be accepted, got 400: ${JSON.stringify(got)}`);
      expectEqual(got, `${raw}T00:00:00.000Z`, `the Date read from when=${raw}`);
    };
    const expectRefused = async (parameter: ReturnType<typeof date>, raw: string, saying: string) => {
      const { ok, text: got } = await read(parameter, raw);
      if (ok) throw new NotYet(`when=${JSON.stringify(raw)} should get a 400, but was read as ${got}`);
      expectThat(got.includes('when') && got.includes(saying),
        `the 400 for when=${JSON.stringify(raw)} should name the parameter and say "${saying}", got ${JSON.stringify(got)}`);
    };

    await steps.step('reads 2026-02-28 as midnight UTC on that day', () => expectDay(date(), '2026-02-28'));
    await steps.step('knows leap years: 2024-02-29 is a date, 2026-02-29 is not', async () => {
      await expectDay(date(), '2024-02-29');
      await expectRefused(date(), '2026-02-29', 'must be a date (YYYY-MM-DD)');
    });
    await steps.step('refuses what only looks like a date', async () => {
      for (const raw of ['2026-02-30', '2026-1-5', '2026-01-05T10:00Z', '2026-13-01', '+002026-01-01', ' 2026-01-05', '']) {
        await expectRefused(date(), raw, 'must be a date (YYYY-MM-DD)');
      }
    });
    const year = () => date({ min: '2026-01-01', max: '2026-12-31' });
    await steps.step('min and max are rules, each inclusive', async () => {
      await expectDay(year(), '2026-01-01');
      await expectDay(year(), '2026-12-31');
      await expectRefused(year(), '2025-12-31', 'must be on or after 2026-01-01');
      await expectRefused(year(), '2027-01-01', 'must be on or before 2026-12-31');
    });
    await steps.step('still required, and only once', async () => {
      expectEqual((await read(date())).ok, false, 'a request without when accepted');
      expectEqual((await read(date(), '2026-01-01', '2026-01-02')).ok, false, 'a request with when twice accepted');
    });
    await steps.step('a bound that is not a date is refused when the handler is declared', () => {
      let refused = false;
      try {
        date({ min: 'soon' });
      } catch {
        refused = true;
      }
      expectThat(refused, "date({ min: 'soon' }) should throw");
    });
  },
};
