// tier: unit
// The DSL's types. This file must type-check (`npm run typecheck`): the expectTypeOf lines assert what
// TypeScript infers, and each @ts-expect-error line fails the check if its misuse ever stops being an error.
// The last test also compiles misuses on their own and checks the errors TypeScript reports.
import { describe, expect, expectTypeOf, it } from 'vitest';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import {
  check, responseHandler, integer, json, list, maxItems, minLength, minValue, oneOf, optional, scalar, streamHandler, string,
  type Arguments, type Infer, type Json, type Parameter, type Scalar, type Validation,
} from '../chapters/handlers.ts';
import { text } from '../chapters/routing.ts';
import { messageFields } from '../chapters/chat.ts';
import { readFileSync } from 'node:fs';
import { root } from './helpers.ts';

describe('inferred types', () => {
  it('each built-in parameter has the type of its value', () => {
    expectTypeOf<Infer<ReturnType<typeof string>>>().toEqualTypeOf<string>();
    expectTypeOf<Infer<ReturnType<typeof integer>>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<ReturnType<typeof json>>>().toEqualTypeOf<Json>();
    expectTypeOf(oneOf('small', 'medium', 'large')).toEqualTypeOf<Scalar<'small' | 'medium' | 'large'>>();
    expectTypeOf(list(integer())).toEqualTypeOf<Parameter<number[]>>();
    expectTypeOf(list(oneOf('a', 'b'))).toEqualTypeOf<Parameter<('a' | 'b')[]>>();
  });

  it('optional adds undefined, unless there is a fallback', () => {
    expectTypeOf(optional(integer())).toEqualTypeOf<Parameter<number | undefined>>();
    expectTypeOf(optional(integer(), 1)).toEqualTypeOf<Parameter<number>>();
    expectTypeOf(optional(oneOf('a', 'b'), 'a')).toEqualTypeOf<Parameter<'a' | 'b'>>();
  });

  it('a user-defined type has the type its convert function returns', () => {
    const date = scalar({ accepts: 'a date', convert: (raw) => (Number.isNaN(Date.parse(raw)) ? undefined : new Date(raw)) });
    expectTypeOf(date).toEqualTypeOf<Scalar<Date>>();
    const word = scalar({ accepts: 'a word' });
    expectTypeOf(word).toEqualTypeOf<Scalar<string>>();
  });

  it('a rule knows what it applies to: string rules to strings, number rules to numbers, counts to lists', () => {
    expectTypeOf(minLength(1)).toEqualTypeOf<Validation<string>>();
    expectTypeOf(minValue(1)).toEqualTypeOf<Validation<number>>();
    expectTypeOf(maxItems(3)).toEqualTypeOf<Validation<readonly unknown[]>>();
    scalar({ accepts: 'a word', rules: [minLength(1), check('must be short', (text: string) => text.length < 9)] });
    scalar({ accepts: 'a count', convert: Number, rules: [minValue(0)] });
    // @ts-expect-error: a number has no length to bound
    scalar({ accepts: 'a count', convert: Number, rules: [minLength(1)] });
    // @ts-expect-error: a check of strings can't judge a number
    scalar({ accepts: 'a count', convert: Number, rules: [check('must be short', (text: string) => text.length < 9)] });
    expect(true).toBe(true);
  });

  it('a handler body receives every declared parameter with its type, and nothing else', () => {
    const declaration = {
      room: string({ max: 16 }),
      count: integer({ min: 1 }),
      size: oneOf('s', 'm'),
      tags: list(string()),
      note: optional(string()),
    };
    expectTypeOf<Arguments<typeof declaration>>().toEqualTypeOf<{
      room: string; count: number; size: 's' | 'm'; tags: string[]; note: string | undefined;
    }>();

    expectTypeOf<Arguments<typeof messageFields>>()
      .toEqualTypeOf<{ room: string; name: string; message: string }>();

    responseHandler(declaration, (args) => {
      expectTypeOf(args.room).toEqualTypeOf<string>();
      expectTypeOf(args.size).toEqualTypeOf<'s' | 'm'>();
      // @ts-expect-error: `nmae` was never declared
      void args.nmae;
      return text('ok');
    });

    streamHandler({ room: string() }, ({ room }, events) => {
      expectTypeOf(room).toEqualTypeOf<string>();
      expectTypeOf(events.send).toBeFunction();
    });
  });

  it('misuses that must not compile', () => {
    // @ts-expect-error: the fallback must be one of the choices
    optional(oneOf('a', 'b'), 'c');
    // @ts-expect-error: a list holds single values, so an optional or a list can't be its item
    list(optional(integer()));
    // @ts-expect-error: oneOf needs at least one choice
    oneOf();
    // @ts-expect-error: a response handler must return a Response, not a bare string
    responseHandler({ room: string() }, ({ room }) => room);
    responseHandler({ count: integer() }, ({ count }) => {
      // @ts-expect-error: count is a number
      return text(count.toUpperCase());
    });
    expect(true).toBe(true);
  });
});

/** How compile() and hover() read a file: as the chapters are written, strict, for Node. */
const options: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022,
  strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: ['node'],
};

/** Every file compile() has parsed but its own (the libraries, @types/node, the chapters): parsed once, not
 *  once per compile, which took most of a second each time. */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Compiles one file that imports the DSL, and returns its errors as "code: message" lines. */
function compile(source: string): string[] {
  const file = `${root}test/misuse.fixture.ts`;
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile;
  host.readFile = (name) => (name === file ? source : readFile(name));
  const fileExists = host.fileExists;
  host.fileExists = (name) => name === file || fileExists(name);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, ...rest) => {
    if (name === file) return getSourceFile(name, ...rest);
    if (!parsed.has(name)) parsed.set(name, getSourceFile(name, ...rest));
    return parsed.get(name);
  };
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => `${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`);
}

describe('misuse fails to compile', () => {
  const prelude = `
    import { responseHandler, integer, oneOf, optional } from '../chapters/handlers.ts';
    import { text } from '../chapters/routing.ts';
  `;

  it('correct use compiles cleanly, and each misuse gets the error a reader would see', () => {
    expect(compile(`${prelude}
      export const order = responseHandler({ size: oneOf('small', 'large'), count: integer() }, ({ size, count }) =>
        text(size + count.toFixed(0)));
    `)).toEqual([]);

    expect(compile(`${prelude}
      export const order = responseHandler({ size: oneOf('small', 'large') }, ({ size }) =>
        size === 'huge' ? text('no') : text('yes'));
    `)).toEqual([
      `2367: This comparison appears to be unintentional because the types '"small" | "large"' and '"huge"' have no overlap.`,
    ]);

    expect(compile(`${prelude}
      export const order = responseHandler({ count: integer() }, ({ count }) => text(count.padStart(3)));
    `)).toEqual([`2339: Property 'padStart' does not exist on type 'number'.`]);

    expect(compile(`${prelude} export const size = optional(oneOf('a', 'b'), 'c');`))
      .toEqual([`2345: Argument of type '"c"' is not assignable to parameter of type '"a" | "b"'.`]);
  });
});

/** Parsed files (the libraries, @types/node, the chapters), shared by every hover's language service. */
const documents = ts.createDocumentRegistry();

/** What an editor shows when you point at the `at`-th occurrence of `name` in a file: TypeScript's quick info,
 *  the same text a hover on the handlers page shows, on one line. `source` stands in for the file's text. */
function hover(file: string, name: string, at = 0, source?: string): string {
  const text = source ?? readFileSync(file, 'utf8');
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const positions = [...text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].map((match) => match.index);
  expect(positions.length).toBeGreaterThan(at);
  const info = ts.createLanguageService(host, documents).getQuickInfoAtPosition(file, positions[at]!);
  return ts.displayPartsToString(info?.displayParts).replace(/\s+/g, ' ');
}

describe('what a hover shows', () => {
  it('a body\'s arguments as the plain object they are, not as Arguments<…>', () => {
    const chat = fileURLToPath(new URL('../chapters/chat.ts', import.meta.url));
    // chat.ts's source handler: `async (args, events, request) => {`
    expect(hover(chat, 'args', 0)).toBe('(parameter) args: { room: string; lastEventId: string | undefined; }');

    const file = fileURLToPath(new URL('hover.fixture.ts', import.meta.url));
    expect(hover(file, 'args', 0, `
      import { messageFields } from '../chapters/chat.ts';
      import { responseHandler } from '../chapters/handlers.ts';
      import { text } from '../chapters/routing.ts';
      export const handler = responseHandler(messageFields, (args) => text(args.room));
    `)).toBe('(parameter) args: { room: string; name: string; message: string; }');
  });
});
