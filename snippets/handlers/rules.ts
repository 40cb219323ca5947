/** A rule as data: what kind it is, its limit if it has one, and the message a client
 *  reads when it is broken.
 *  The 400s, `describe` and the chat page's form all read this. */
export type Rule =
  | { readonly kind: 'required' | 'once' | 'type' | 'check'; readonly message: string }
  | { readonly kind: Limit; readonly limit: number; readonly message: string }
  | { readonly kind: 'each'; readonly rule: Rule; readonly message: string };

/** The kinds of rule that hold a value to a number. */
export type Limit =
  'minLength' | 'maxLength' | 'minValue' | 'maxValue' | 'minItems' | 'maxItems';

/** A rule about values of type T, with the test that decides it. */
export type Validation<T> = Rule & { readonly holds: (value: T) => boolean };

export const REQUIRED: Rule = { kind: 'required', message: 'is required' };
export const ONCE: Rule = { kind: 'once', message: 'must be given only once' };

/** Counts code points, not UTF-16 units:
 *  🏠 is one, 👍🏽 (a hand, then a skin tone) is two. */
const characters = (value: string) =>
  (SURROGATE.test(value) ? [...value].length : value.length);
/** Half of a code point above U+FFFF:
 *  without one, every UTF-16 unit is one code point. */
const SURROGATE = /[\ud800-\udfff]/;
const plural = (count: number, noun: string) =>
  `${count} ${noun}${count === 1 ? '' : 's'}`;

/** A rule that holds values to a number: minLength(5), maxValue(12), … */
function bound<T>(
  kind: Limit, limit: number, message: string, holds: (value: T) => boolean,
): Validation<T> {
  return { kind, limit, message, holds };
}

export const minLength = (n: number) => bound<string>('minLength', n,
  `must be at least ${plural(n, 'character')}`, (text) => characters(text) >= n);
export const maxLength = (n: number) => bound<string>('maxLength', n,
  `must be at most ${plural(n, 'character')}`, (text) => characters(text) <= n);
export const minValue = (n: number) => bound<number>('minValue', n,
  `must be at least ${n}`, (value) => value >= n);
export const maxValue = (n: number) => bound<number>('maxValue', n,
  `must be at most ${n}`, (value) => value <= n);
export const minItems = (n: number) => bound<readonly unknown[]>('minItems', n,
  `must be at least ${plural(n, 'value')}`, (values) => values.length >= n);
export const maxItems = (n: number) => bound<readonly unknown[]>('maxItems', n,
  `must be at most ${plural(n, 'value')}`, (values) => values.length <= n);

/** A rule of your own: check('must be even', (n: number) => n % 2 === 0). */
export function check<T>(message: string, holds: (value: T) => boolean): Validation<T> {
  return { kind: 'check', message, holds };
}
