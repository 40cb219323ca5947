interface Bounds { min?: number; max?: number }

/** Counts code points, not UTF-16 units: an emoji is one character, not two. */
const characters = (value: string) => [...value].length;
const plural = (count: number, noun: string) =>
  `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Bounds as rules: `at least min`, `at most max`, each only if given. */
function bounded<T>(
  measure: (value: T) => number, unit: (count: number) => string, { min, max }: Bounds,
): Rule<T>[] {
  const rules: Rule<T>[] = [];
  if (min !== undefined) {
    rules.push(rule(`must be at least ${unit(min)}`, (value) => measure(value) >= min));
  }
  if (max !== undefined) {
    rules.push(rule(`must be at most ${unit(max)}`, (value) => measure(value) <= max));
  }
  return rules;
}

export function string(bounds: Bounds = {}): Scalar<string> {
  const rules = bounded(characters, (n) => plural(n, 'character'), bounds);
  return scalar({ kind: 'a string', rules });
}

/** Optional minus, digits, no leading zeros: "12abc", "1e3", " 7" and "" are not. */
const INTEGER = /^(0|-?[1-9][0-9]*)$/;

export function integer(bounds: Bounds = {}): Scalar<number> {
  return scalar({
    kind: 'an integer',
    convert: (raw) => {
      const value = Number(raw);
      return INTEGER.test(raw) && Number.isSafeInteger(value) ? value : undefined;
    },
    rules: bounded((n: number) => n, String, bounds),
  });
}

/** Any JSON value. What it must look like inside is the handler's business. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function json(): Scalar<Json> {
  return scalar({
    kind: 'JSON',
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
    kind: `one of ${choices.join(', ')}`,
    convert: (raw) => (isChoice(raw) ? raw : undefined),
  });
}
