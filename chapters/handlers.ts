// The handler DSL: declare what a handler's parameters are,
// and get their checking for free. A declaration is plain data:
// from it come the checks, the argument types and a description.

// #region imports
import { HttpError, Router, stream, text } from './routing.ts';
import type { Handler, Params, Request, Response } from './routing.ts';
import { portFromEnv, stopOnSignal } from './daytime.ts';
import { start } from './listen.ts';
import { EventStream } from './pubsub.ts';
// #endregion imports

// #region parameter
/** What checking a parameter gives: its typed value, or the rule its raw values broke. */
export type Checked<T> = { ok: true; value: T } | { ok: false; rule: string };

/** One declared parameter: reads every raw value sent under its name and checks them. */
export interface Parameter<T> {
  /** What it accepts, in words: "a string". */
  readonly accepts: string;
  /** Every rule it can report, in the order it checks them. */
  readonly rules: readonly string[];
  /** Raw values in arrival order: query string first, then form body. */
  read(values: readonly string[]): Checked<T>;
}

/** The type a parameter produces: Infer<Parameter<number>> is number. */
export type Infer<P> = P extends Parameter<infer T> ? T : never;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const broken = (rule: string): Checked<never> => ({ ok: false, rule });
// #endregion parameter

// #region scalar
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
// #endregion scalar

// #region builtins
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
// #endregion builtins

// #region list
/** A parameter sent any number of times, `tag=a&tag=b`, each value checked by `item`. */
export function list<T>(item: Scalar<T>, bounds: Bounds = {}): Parameter<T[]> {
  const count = (values: readonly string[]) => values.length;
  const counts = bounded(count, (n) => plural(n, 'value'), bounds);
  const itemRules = item.rules.filter((r) => r !== REQUIRED && r !== ONCE);
  return {
    accepts: `any number of values, each ${item.accepts}`,
    rules: [...counts.map((r) => r.text), ...itemRules.map((r) => `value N ${r}`)],
    read(values) {
      const failed = counts.find((r) => !r.holds(values));
      if (failed) return broken(failed.text);
      const items: T[] = [];
      for (const [index, raw] of values.entries()) {
        const checked = item.parse(raw);
        if (!checked.ok) return broken(`value ${index + 1} ${checked.rule}`);
        items.push(checked.value);
      }
      return ok(items);
    },
  };
}
// #endregion list

// #region optional
/** A parameter that may be left out. Only *absent* counts: `note=` sends "", a value.
 *  NoInfer makes the fallback follow the parameter's type instead of widening it. */
export function optional<T>(parameter: Parameter<T>): Parameter<T | undefined>;
export function optional<T>(parameter: Parameter<T>, fallback: NoInfer<T>): Parameter<T>;
export function optional<T>(
  parameter: Parameter<T>, fallback?: T,
): Parameter<T | undefined> {
  return {
    accepts: `${parameter.accepts}, or nothing (then ${JSON.stringify(fallback)})`,
    rules: parameter.rules.filter((r) => r !== REQUIRED),
    read: (values) => (values.length === 0 ? ok(fallback) : parameter.read(values)),
  };
}
// #endregion optional

// #region declaration
/** A handler's parameters: a name for each, and what it must be. */
export type Declaration = Record<string, Parameter<unknown>>;

/** What the handler's body receives: each declared name with its inferred type. */
export type Arguments<D extends Declaration> = { [Name in keyof D]: Infer<D[Name]> };

/** Checks every declared parameter. All the broken rules are reported at once, one per
 *  line, so a form with two mistakes needs one round trip, not two. */
export function readArguments<D extends Declaration>(
  declaration: D, params: Params,
): Arguments<D> {
  const args: [string, unknown][] = [];
  const problems: string[] = [];
  for (const [name, parameter] of Object.entries(declaration)) {
    const checked = parameter.read(params.get(name) ?? []);
    if (checked.ok) args.push([name, checked.value]);
    else problems.push(`${name}: ${checked.rule}`);
  }
  if (problems.length > 0) throw new HttpError(400, problems.join('\n'));
  // fromEntries defines own properties: even a parameter named __proto__ stays ordinary.
  return Object.fromEntries(args) as Arguments<D>;
}
// #endregion declaration

// #region handlers
/** A Handler for the router that still knows what it was declared with
 *  (for `describe`). */
export type DeclaredHandler<D extends Declaration> = Handler & {
  readonly kind: 'closing' | 'stream';
  readonly declaration: D;
};

/** Answers once: the body computes the response from checked arguments, and that
 *  request is over (a kept-alive connection may carry the next one). */
export function closingHandler<D extends Declaration>(
  declaration: D,
  body: (args: Arguments<D>, request: Request) => Response | Promise<Response>,
): DeclaredHandler<D> {
  const handle = (request: Request) =>
    body(readArguments(declaration, request.params), request);
  return Object.assign(handle, { kind: 'closing' as const, declaration });
}

/** Keeps the connection as an event stream; the body gets it, usually to subscribe it.
 *  Arguments are checked *before* the stream starts, so bad input gets a plain 400. */
export function streamHandler<D extends Declaration>(
  declaration: D,
  body: (args: Arguments<D>, events: EventStream, request: Request) => void,
): DeclaredHandler<D> {
  const handle = (request: Request) => {
    const args = readArguments(declaration, request.params);
    return stream((connection) => body(args, new EventStream(connection), request));
  };
  return Object.assign(handle, { kind: 'stream' as const, declaration });
}
// #endregion handlers

// #region describe
/** What a declared handler does with a request, in words,
 *  straight from its declaration. */
export function describe(handler: DeclaredHandler<Declaration>): string {
  const names = Object.keys(handler.declaration);
  const width = Math.max(0, ...names.map((name) => name.length));
  const lines = [`a ${handler.kind} handler. For each request it reads:`];
  for (const [name, parameter] of Object.entries(handler.declaration)) {
    lines.push(`  ${name.padEnd(width)}  ${parameter.accepts}`);
    const indent = ' '.repeat(width + 6);
    for (const rule of parameter.rules) lines.push(`${indent}400 "${name}: ${rule}"`);
  }
  const args = names.length > 0 ? `{ ${names.join(', ')} }` : '{}';
  const allValid = handler.kind === 'closing'
    ? `body(${args}) computes the response, which is sent.`
    : `the stream's head is sent; body(${args}, events) gets the open stream.`;
  lines.push(
    'Any broken rule: 400, one line per broken rule, and the body never runs.',
    `All valid: ${allValid}`,
  );
  return lines.join('\n');
}
// #endregion describe

// #region example
/** A type of your own: a time of day like 18:30, read into hours and minutes. */
export const clockTime = scalar({
  kind: 'a time like 18:30',
  convert: (raw) => {
    const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(raw);
    return match ? { hours: Number(match[1]), minutes: Number(match[2]) } : undefined;
  },
});

export const order = closingHandler(
  {
    size: oneOf('small', 'medium', 'large'),
    count: integer({ min: 1, max: 12 }),
    toppings: list(string({ min: 1, max: 20 }), { max: 5 }),
    at: optional(clockTime),
    note: optional(string({ max: 140 }), ''),
  },
  ({ size, count, toppings, at, note }) => {
    const pizzas = `${count} ${size} ${count === 1 ? 'pizza' : 'pizzas'}`;
    const topped = toppings.length > 0 ? ` with ${toppings.join(', ')}` : '';
    const minutes = String(at?.minutes).padStart(2, '0');
    const when = at ? ` at ${at.hours}:${minutes}` : ' as soon as possible';
    return text(`${pizzas}${topped}${when}.${note ? ` Note: ${note}` : ''}\n`);
  },
);
// #endregion example

// #region misuse
export const sloppy = closingHandler(
  { size: oneOf('small', 'large'), count: integer() },
  ({ size, count }) => {
    // There is no 'huge' size, and TypeScript knows it:
    // @ts-expect-error
    if (size === 'huge') return text('that is a lot of pizza');
    // count is a number, so it has no string methods:
    // @ts-expect-error
    return text(count.padStart(3));
  },
);
// #endregion misuse

// #region demo
if (process.argv[1] === import.meta.filename) {
  console.log(`GET /order is ${describe(order)}\n`);
  try {
    const router = new Router().on('GET', '/order', order);
    const server = await start(router, { port: portFromEnv(4004) });
    const url = `http://${server.host}:${server.port}/order`;
    console.log(`Taking orders on ${url}. Try:`);
    const query = 'size=large&count=2&toppings=olives&toppings=basil&at=19:30';
    console.log(`  curl '${url}?${query}'`);
    console.log(`  curl -i '${url}?size=huge&count=2x&at=7pm'   # 400, naming each rule`);
    stopOnSignal(() => server.stop());
  } catch (error) {
    console.error(`house: ${(error as Error).message}`);
    process.exit(1);
  }
}
// #endregion demo
