// Reference solution for handlers/date. Kept out of the reader's way: read it after your own.
import { check, scalar, type Scalar, type Validation } from '../../../../chapters/handlers.ts';

export interface DateBounds {
  min?: string;
  max?: string;
}

const YYYY_MM_DD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day `raw` names, at midnight UTC, or undefined if it names none. */
function parseDate(raw: string): Date | undefined {
  const match = YYYY_MM_DD.exec(raw);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const value = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls day 30 of February over into March: a real day survives the round trip.
  const real = value.getUTCFullYear() === year && value.getUTCMonth() === month - 1 && value.getUTCDate() === day;
  return real ? value : undefined;
}

function bound(name: string, raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const value = parseDate(raw);
  if (!value) throw new TypeError(`date(): ${name} must be a date (YYYY-MM-DD), got ${JSON.stringify(raw)}`);
  return value;
}

export function date(bounds: DateBounds = {}): Scalar<Date> {
  const [min, max] = [bound('min', bounds.min), bound('max', bounds.max)];
  const rules: Validation<Date>[] = [];
  if (min) rules.push(check(`must be on or after ${bounds.min}`, (value) => value >= min));
  if (max) rules.push(check(`must be on or before ${bounds.max}`, (value) => value <= max));
  return scalar({ accepts: 'a date (YYYY-MM-DD)', convert: parseDate, rules });
}
