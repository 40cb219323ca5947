/** A parameter sent once, like `room=lobby`. `parse` checks one raw value, for lists. */
export interface Scalar<T> extends Parameter<T> {
  parse(raw: string): Checked<T>;
}

/** Turns one raw string into a value, or gives undefined when the string isn't one. */
export type Convert<T> = (raw: string) => T | undefined;

/** A scalar is what it accepts, in words, how to convert a raw string into it, and
 *  rules the converted value must follow. Without `convert`, the value is the string. */
export interface ScalarSpec<T> {
  accepts: string;
  convert?: Convert<T>;
  rules?: Validation<T>[];
}

export function scalar<T>(spec: ScalarSpec<T> & { convert: Convert<T> }): Scalar<T>;
export function scalar(
  spec: ScalarSpec<string> & { convert?: undefined },
): Scalar<string>;
export function scalar<T>({ accepts, convert, rules = [] }: ScalarSpec<T>): Scalar<T> {
  const notA: Rule = { kind: 'type', message: `must be ${accepts}` };
  const parse = (raw: string): Checked<T> => {
    const value = convert ? convert(raw) : (raw as T);
    if (value === undefined) return broken(notA);
    const failed = rules.find((rule) => !rule.holds(value));
    return failed ? broken(failed) : ok(value);
  };
  return {
    accepts,
    rules: [REQUIRED, ONCE, ...(convert ? [notA] : []), ...rules],
    parse,
    read(values) {
      if (values.length === 0) return broken(REQUIRED);
      // `room=a&room=b` is ambiguous: rather than silently pick one, we refuse.
      if (values.length > 1) return broken(ONCE);
      return parse(values[0]!);
    },
  };
}
