/** The short way to write the two commonest rules: { min: 1, max: 16 }. */
interface Bounds { min?: number; max?: number }

function bounded<T>(
  { min, max }: Bounds,
  atLeast: (n: number) => Validation<T>,
  atMost: (n: number) => Validation<T>,
): Validation<T>[] {
  return [
    ...(min === undefined ? [] : [atLeast(min)]),
    ...(max === undefined ? [] : [atMost(max)]),
  ];
}

export function string(bounds: Bounds = {}): Scalar<string> {
  return scalar({ accepts: 'a string', rules: bounded(bounds, minLength, maxLength) });
}

/** Optional minus, digits, no leading zeros: "12abc", "1e3", " 7" and "" are not. */
const INTEGER = /^(0|-?[1-9][0-9]*)$/;

export function integer(bounds: Bounds = {}): Scalar<number> {
  return scalar({
    accepts: 'an integer',
    convert: (raw) => {
      const value = Number(raw);
      return INTEGER.test(raw) && Number.isSafeInteger(value) ? value : undefined;
    },
    rules: bounded(bounds, minValue, maxValue),
  });
}

/** Any JSON value. What it must look like inside is the handler's business. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function json(): Scalar<Json> {
  return scalar({
    accepts: 'JSON',
    convert: (raw): Json | undefined => {
      try {
        return JSON.parse(raw) as Json;
      } catch {
        return undefined;
      }
    },
  });
}

/** One of a few literal strings: oneOf('a', 'b') is a Scalar<'a' | 'b'>. */
export function oneOf<const Choice extends string>(
  ...choices: [Choice, ...Choice[]]
): Scalar<Choice> {
  const isChoice = (raw: string): raw is Choice => (choices as string[]).includes(raw);
  return scalar({
    accepts: `one of ${choices.join(', ')}`,
    convert: (raw) => (isChoice(raw) ? raw : undefined),
  });
}
