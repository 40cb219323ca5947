// Exercise handlers/date: a parameter type of your own, for calendar dates.
// Check your work with: npm run exercise handlers/date
//
// `date()` reads a value like `2026-02-28` into a Date at midnight UTC, and refuses,
// with the rule "must be a date (YYYY-MM-DD)", anything that is not exactly four
// digits, two, two, and a real day of the calendar: `2026-02-30`, `2026-1-5`
// and `2026-01-05T10:00Z` are not, and 2026-02-29 isn't either (2024-02-29 is).
// `date({ min: '2026-01-01', max: '2026-12-31' })` adds the rules "must be on or after
// 2026-01-01" and "must be on or before 2026-12-31", each inclusive. A bound that is not
// itself a date is a mistake in the declaration: throw at once.
//   responseHandler({ when: date() }, ({ when }) => text(when.toISOString()))
import { scalar, type Scalar } from '../../handlers.ts';

export interface DateBounds {
  min?: string;
  max?: string;
}

export function date(bounds: DateBounds = {}): Scalar<Date> {
  // TODO: the bounds, as rules (see `check` in chapters/handlers.ts).
  return scalar({
    accepts: 'a date (YYYY-MM-DD)',
    convert: (raw) => {
      // TODO: JavaScript's Date accepts far more than YYYY-MM-DD,
      // and rolls 02-30 over into March.
      const value = new Date(raw);
      return Number.isNaN(value.getTime()) ? undefined : value;
    },
  });
}
