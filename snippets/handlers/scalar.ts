/** A rule a value must follow, and how it reads in an error:
 *  "must be at most 16 characters". */
export interface Rule<T> {
  readonly text: string;
  holds(value: T): boolean;
}

export function rule<T>(text: string, holds: (value: T) => boolean): Rule<T> {
  return { text, holds };
}

/** A parameter sent once, like `room=lobby`. `parse` checks one raw value, for lists. */
export interface Scalar<T> extends Parameter<T> {
  parse(raw: string): Checked<T>;
}

export const REQUIRED = 'is required';
export const ONCE = 'must be given only once';

/** Turns one raw string into a value, or gives undefined when the string isn't one. */
export type Convert<T> = (raw: string) => T | undefined;

/** A scalar is what it is, in words (`kind`), how to convert a raw string into it, and
 *  rules the converted value must follow. Without `convert`, the value is the string. */
export interface ScalarSpec<T> {
  kind: string;
  convert?: Convert<T>;
  rules?: Rule<T>[];
}

export function scalar<T>(spec: ScalarSpec<T> & { convert: Convert<T> }): Scalar<T>;
export function scalar(
  spec: ScalarSpec<string> & { convert?: undefined },
): Scalar<string>;
export function scalar<T>({ kind, convert, rules = [] }: ScalarSpec<T>): Scalar<T> {
  const notA = `must be ${kind}`;
  const parse = (raw: string): Checked<T> => {
    const value = convert ? convert(raw) : (raw as T);
    if (value === undefined) return broken(notA);
    const failed = rules.find((r) => !r.holds(value));
    return failed ? broken(failed.text) : ok(value);
  };
  return {
    accepts: kind,
    rules: [REQUIRED, ONCE, ...(convert ? [notA] : []), ...rules.map((r) => r.text)],
    parse,
    read(values) {
      if (values.length === 0) return broken(REQUIRED);
      // `room=a&room=b` is ambiguous: rather than silently pick one, we refuse.
      if (values.length > 1) return broken(ONCE);
      return parse(values[0]!);
    },
  };
}
