// The handler DSL: declare what a handler's parameters are,
// and get their checking for free. A declaration is plain data:
// from it come the checks, the argument types and a description.

// #region imports
import { addParams, decodeUtf8, trimOws } from './parsing.ts';
import { HttpError, stream } from './routing.ts';
import type { Handler, Params, Request, Response } from './routing.ts';
import type { EventStream } from './pubsub.ts';
// #endregion imports

// #region parameter
/** What checking a parameter gives: its typed value, or the rule its raw values broke. */
export type Checked<T> = { ok: true; value: T } | { ok: false; rule: Rule };

/** One declared parameter: reads every raw value sent under its name and checks them. */
export interface Parameter<T> {
  /** What it accepts, in words: "a string". */
  readonly accepts: string;
  /** Every rule it can report, in the order it checks them. */
  readonly rules: readonly Rule[];
  /** Raw values in arrival order: query string first, then form body. */
  read(values: readonly string[]): Checked<T>;
}

/** The type a parameter produces: Infer<Parameter<number>> is number. */
export type Infer<P> = P extends Parameter<infer T> ? T : never;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const broken = (rule: Rule): Checked<never> => ({ ok: false, rule });
// #endregion parameter

// #region rules
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
// #endregion rules

// #region scalar
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
// #endregion scalar

// #region builtins
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
// #endregion builtins

// #region list
/** A parameter sent any number of times, `tag=a&tag=b`, each value checked by `item`. */
export function list<T>(item: Scalar<T>, bounds: Bounds = {}): Parameter<T[]> {
  const counts = bounded(bounds, minItems, maxItems);
  const each = (rule: Rule, which: string): Rule =>
    ({ kind: 'each', rule, message: `value ${which} ${rule.message}` });
  const itemRules = item.rules
    .filter((rule) => rule.kind !== 'required' && rule.kind !== 'once');
  return {
    accepts: `any number of values, each ${item.accepts}`,
    rules: [...counts, ...itemRules.map((rule) => each(rule, 'N'))],
    read(values) {
      const failed = counts.find((rule) => !rule.holds(values));
      if (failed) return broken(failed);
      const items: T[] = [];
      for (const [index, raw] of values.entries()) {
        const checked = item.parse(raw);
        if (!checked.ok) return broken(each(checked.rule, String(index + 1)));
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
    rules: parameter.rules.filter((rule) => rule.kind !== 'required'),
    read: (values) => (values.length === 0 ? ok(fallback) : parameter.read(values)),
  };
}
// #endregion optional

// #region declaration
/** A handler's parameters: a name for each, and what it must be. */
export type Declaration = Record<string, Parameter<unknown>>;

/** What the handler's body receives: each declared name with its inferred type.
 *  The `& {}` changes nothing in the type. It makes a hover show the object itself,
 *  `{ room: string; … }`, rather than `Arguments<{ room: Scalar<string>; … }>`. */
export type Arguments<D extends Declaration> = { [Name in keyof D]: Infer<D[Name]> } & {};

const FORM = 'application/x-www-form-urlencoded';

/** What parameters are read from: the query's, then a form body's fields. A body of any
 *  other type is refused here, where parameters are read, not by the wire, which frames
 *  any body: a handler that takes JSON reads `request.body` itself. */
export function paramsOf(request: Request): Params {
  if (request.body.length === 0) return request.params;
  const mediaType = request.headers.get('content-type')?.split(';')[0];
  const media = mediaType === undefined ? undefined : trimOws(mediaType).toLowerCase();
  if (media !== FORM) {
    const got = media ?? 'no Content-Type';
    throw new HttpError(415, `request bodies must be ${FORM}, got ${got}`);
  }
  const params: Params = new Map();
  for (const [name, values] of request.params) params.set(name, [...values]);
  return addParams(params, decodeUtf8(request.body, 'the body'), 'the body');
}

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
    else problems.push(`${name}: ${checked.rule.message}`);
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
  readonly kind: 'response' | 'stream';
  readonly declaration: D;
};

/** Answers once: the body computes the response from checked arguments, and that
 *  request is over (a kept-alive connection may carry the next one). */
export function responseHandler<D extends Declaration>(
  declaration: D,
  body: (args: Arguments<D>, request: Request) => Response | Promise<Response>,
): DeclaredHandler<D> {
  // #region lambda
  const handle = (request: Request) =>
    body(readArguments(declaration, paramsOf(request)), request);
  // #endregion lambda
  return Object.assign(handle, { kind: 'response' as const, declaration });
}

/** Keeps the connection as an event stream; the body gets it, usually to subscribe it.
 *  Arguments are checked *before* the stream starts, so bad input gets a plain 400. */
export function streamHandler<D extends Declaration>(
  declaration: D,
  body: (args: Arguments<D>, events: EventStream, request: Request) => unknown,
): DeclaredHandler<D> {
  const handle = (request: Request) => {
    const args = readArguments(declaration, paramsOf(request));
    return stream((events) => body(args, events, request));
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
    for (const rule of parameter.rules) {
      lines.push(`${indent}400 "${name}: ${rule.message}"`);
    }
  }
  const args = names.length > 0 ? `{ ${names.join(', ')} }` : '{}';
  const allValid = handler.kind === 'response'
    ? `body(${args}) computes the response, which is sent.`
    : `the stream's head is sent; body(${args}, events) gets the open stream.`;
  lines.push(
    'Any broken rule: 400, one line per broken rule, and the body never runs.',
    `All valid: ${allValid}`,
  );
  return lines.join('\n');
}
// #endregion describe

// #region form
/** The HTML attribute for each kind of rule a browser can check by itself. */
const HTML_ATTRIBUTES: Partial<Record<Rule['kind'], string>> = {
  required: 'required', minLength: 'minlength', maxLength: 'maxlength',
  minValue: 'min', maxValue: 'max',
};

/** A parameter's rules as attributes for its form field, like
 *  `['required', 'minlength="1"', 'maxlength="16"']`: the browser checks them before
 *  it sends anything.
 *  The server still checks everything, since anyone can send anything. */
export function formAttributes(parameter: Parameter<unknown>): string[] {
  return parameter.rules.flatMap((rule) => {
    const attribute = HTML_ATTRIBUTES[rule.kind];
    if (attribute === undefined) return [];
    return 'limit' in rule ? [`${attribute}="${rule.limit}"`] : [attribute];
  });
}
// #endregion form
