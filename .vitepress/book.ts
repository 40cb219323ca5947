// The book's spine: chapters/*.ts mark regions, snippets/ holds one generated file per region,
// and docs/*.md pages show regions by name. This module builds snippets and checks that all three agree.
//
//   npx tsx .vitepress/book.ts write   regenerate snippets/ from chapters/
//   npx tsx .vitepress/book.ts check   fail on any problem; list regions no page shows
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import ts from 'typescript';
import type { TwoslashTypesCache } from '@shikijs/vitepress-twoslash';
import type { TwoslashReturn } from 'twoslash';

export interface Region {
  chapter: string;
  name: string;
  /** 0-based line index of the `// #region` marker and of the `// #endregion` marker. */
  open: number;
  close: number;
}

const REGION_OPEN = /^\s*\/\/\s*#region\s+(\S+)\s*$/;
const REGION_CLOSE = /^\s*\/\/\s*#endregion\s+(\S+)\s*$/;
const REGION_NAME = /^[a-z0-9][a-z0-9-]*$/;
const EXPECT_ERROR = /^\s*\/\/\s*@ts-expect-error\b/;
/** A Twoslash query, `// ^?` under a name: the page shows that name's type in a box. */
const QUERY = /^\s*\/\/\s*\^\?\s*$/;

/** Finds every region of a chapter; throws on a malformed, unclosed or repeated region. */
export function findRegions(chapter: string, source: string): Region[] {
  const lines = source.split('\n');
  const open = new Map<string, number>();
  const regions: Region[] = [];
  lines.forEach((line, index) => {
    const where = `chapters/${chapter}.ts:${index + 1}`;
    const start = line.match(REGION_OPEN);
    const end = line.match(REGION_CLOSE);
    if (start) {
      const name = start[1]!;
      if (!REGION_NAME.test(name)) throw new Error(`${where}: region name "${name}" must be lowercase letters, digits and dashes`);
      if (open.has(name) || regions.some((r) => r.name === name)) {
        throw new Error(`${where}: region "${name}" is defined twice in chapters/${chapter}.ts`);
      }
      open.set(name, index);
    } else if (end) {
      const name = end[1]!;
      const start = open.get(name);
      if (start === undefined) throw new Error(`${where}: #endregion ${name} has no matching #region`);
      open.delete(name);
      regions.push({ chapter, name, open: start, close: index });
    }
  });
  for (const [name, index] of open) {
    throw new Error(`chapters/${chapter}.ts:${index + 1}: region "${name}" is never closed`);
  }
  return regions.sort((a, b) => a.open - b.open);
}

/** The lines of a region as a page shows them: no region markers, no `@ts-expect-error` lines. */
function regionLines(region: Region, lines: string[]): string[] {
  return lines.slice(region.open + 1, region.close).filter((line) => !isMarker(line) && !EXPECT_ERROR.test(line));
}

function isMarker(line: string): boolean {
  return REGION_OPEN.test(line) || REGION_CLOSE.test(line);
}

/** The snippet for one region: exactly the code the page shows, which is what a reader copies. */
export function snippetFor(region: Region, source: string): string {
  return regionLines(region, source.split('\n')).join('\n') + '\n';
}

/**
 * What Twoslash renders for one region, composed in memory when the page renders: the whole chapter
 * (so Twoslash knows every type), with cut markers around the region so only it shows. Region markers
 * disappear; `@ts-expect-error` lines inside the region become a Twoslash `@errors` declaration, so an
 * intended error renders as an error on the page.
 */
export function twoslashSourceFor(region: Region, source: string, errorCodes: number[] = []): string {
  const lines = source.replace(/\n$/, '').split('\n');
  const outside = (from: number, to: number) => lines.slice(from, to).filter((line) => !isMarker(line));
  const header = [`// @filename: chapters/${region.chapter}.${region.name}.twoslash.ts`];
  if (errorCodes.length > 0) header.unshift(`// @errors: ${errorCodes.join(' ')}`);
  return [
    ...header,
    ...outside(0, region.open),
    '// ---cut-before---',
    ...regionLines(region, lines),
    '// ---cut-after---',
    ...outside(region.close + 1, lines.length),
  ].join('\n') + '\n';
}

/** Lines inside a region that carry `@ts-expect-error`, to be checked for their TypeScript error codes. */
export function expectedErrorLines(region: Region, source: string): number[] {
  const lines = source.split('\n');
  const found: number[] = [];
  for (let i = region.open + 1; i < region.close; i++) if (EXPECT_ERROR.test(lines[i]!)) found.push(i + 1);
  return found;
}

export interface Book {
  root: string;
  chapters: Map<string, string>;
  regions: Region[];
  /** snippet path relative to the root → content */
  snippets: Map<string, string>;
  /** The TypeScript error codes a `@ts-expect-error` on this line (1-based) of this file excuses. */
  errorCodesOf: (file: string, line: number) => number[];
}

/** Reads chapters/ and computes what snippets/ must contain. Error codes come from `errorCodesOf`. */
export function readBook(root: string, errorCodesOf: (file: string, line: number) => number[] = () => []): Book {
  const chaptersDir = join(root, 'chapters');
  const chapters = new Map<string, string>();
  for (const file of readdirSync(chaptersDir).sort()) {
    if (file.endsWith('.ts')) chapters.set(basename(file, '.ts'), readFileSync(join(chaptersDir, file), 'utf8'));
  }
  const regions: Region[] = [];
  const snippets = new Map<string, string>();
  for (const [chapter, source] of chapters) {
    for (const region of findRegions(chapter, source)) {
      regions.push(region);
      snippets.set(`snippets/${chapter}/${region.name}.ts`, snippetFor(region, source));
    }
  }
  return { root, chapters, regions, snippets, errorCodesOf };
}

/** The Twoslash input for a region of the book, with its intended errors declared. */
export function twoslashSource(book: Book, region: Region): string {
  const source = book.chapters.get(region.chapter)!;
  const codes = expectedErrorLines(region, source)
    .flatMap((line) => book.errorCodesOf(join(book.root, 'chapters', `${region.chapter}.ts`), line));
  return twoslashSourceFor(region, source, [...new Set(codes)]);
}

/** Every `.ts` file under snippets/, relative to the root. */
function snippetFilesOnDisk(root: string): string[] {
  const dir = join(root, 'snippets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

export function writeSnippets(book: Book): void {
  rmSync(join(book.root, 'snippets'), { recursive: true, force: true });
  for (const [path, content] of book.snippets) {
    mkdirSync(dirname(join(book.root, path)), { recursive: true });
    writeFileSync(join(book.root, path), content);
  }
}

/** Snippet files that differ from what chapters/ says they must be. */
export function staleSnippets(book: Book): string[] {
  const onDisk = new Set(snippetFilesOnDisk(book.root));
  const stale: string[] = [];
  for (const [path, content] of book.snippets) {
    if (!onDisk.has(path)) stale.push(`${path} is missing`);
    else if (readFileSync(join(book.root, path), 'utf8') !== content) stale.push(`${path} is out of date`);
    onDisk.delete(path);
  }
  for (const path of onDisk) stale.push(`${path} has no region in chapters/`);
  return stale;
}

export interface Reference {
  page: string;
  line: number;
  chapter: string;
  region: string;
}

const SNIPPET_REFERENCE = /<<<\s*\.\.\/snippets\/([^/\s]+)\/([^/\s{]+)\.ts/g;

/** Every line of every page under docs/. */
function pageLines(root: string): { page: string; line: number; text: string }[] {
  const docs = join(root, 'docs');
  return readdirSync(docs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .flatMap((page) => readFileSync(join(root, page), 'utf8').split('\n').map((text, index) => ({ page, line: index + 1, text })));
}

/** Every `<<< ../snippets/<chapter>/<region>.ts` in docs/*.md. */
export function pageReferences(root: string): Reference[] {
  return pageLines(root).flatMap(({ page, line, text }) =>
    [...text.matchAll(SNIPPET_REFERENCE)].map((m) => ({ page, line, chapter: m[1]!, region: m[2]! })));
}

export interface FileReference {
  page: string;
  line: number;
  file: string;
  region?: string;
}

// Files that aren't TypeScript (the chat's HTML, CSS and browser JavaScript) are shown directly:
// `<<< ../chapters/chat.js#send{js}`. They have no types to check, but the file and region must exist.
const FILE_REFERENCE = /<<<\s*\.\.\/chapters\/([^#{\s]+)(?:#([^{\s]+))?/g;
const ANY_REGION_OPEN = /(?:\/\/|<!--|\/\*)\s*#region\s+([a-z0-9-]+)/g;

export function fileReferences(root: string): FileReference[] {
  return pageLines(root).flatMap(({ page, line, text }) =>
    [...text.matchAll(FILE_REFERENCE)].map((m) => ({ page, line, file: m[1]!, region: m[2] })));
}

/** Regions marked in the chapters' non-TypeScript files, as `file#region`. */
export function frontEndRegions(root: string): string[] {
  const dir = join(root, 'chapters');
  return readdirSync(dir)
    .filter((file) => /\.(js|html|css)$/.test(file))
    .flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(ANY_REGION_OPEN)].map((m) => `${file}#${m[1]}`));
}

/** Problems that must stop the build: stale snippets and pages naming regions that don't exist. */
export function bookProblems(book: Book): string[] {
  const problems = staleSnippets(book).map((s) => `snippets/ is stale (run \`npm run snippets\`): ${s}`);
  const marked = new Set(frontEndRegions(book.root));
  for (const ref of fileReferences(book.root)) {
    if (!existsSync(join(book.root, 'chapters', ref.file))) {
      problems.push(`${ref.page}:${ref.line} shows chapters/${ref.file}, which does not exist`);
    } else if (ref.region !== undefined && !marked.has(`${ref.file}#${ref.region}`)) {
      problems.push(`${ref.page}:${ref.line} shows region ${ref.file}#${ref.region}, but chapters/${ref.file} has no such region`);
    }
  }
  for (const ref of pageReferences(book.root)) {
    const known = book.regions.some((r) => r.chapter === ref.chapter && r.name === ref.region);
    if (!known) {
      const where = book.chapters.has(ref.chapter) ? `chapters/${ref.chapter}.ts has no region "${ref.region}"` : `there is no chapters/${ref.chapter}.ts`;
      problems.push(`${ref.page}:${ref.line} shows region ${ref.chapter}/${ref.region}, but ${where}`);
    }
  }
  return problems;
}

/** Regions that no page shows. For the server's chapters this must be empty. */
export function unshownRegions(book: Book): Region[] {
  const shown = new Set(pageReferences(book.root).map((r) => `${r.chapter}/${r.region}`));
  return book.regions.filter((r) => !shown.has(`${r.chapter}/${r.name}`));
}

/** Regions of the front-end files that no page shows (a page showing the whole file shows them all). */
export function unshownFrontEndRegions(root: string): string[] {
  const refs = fileReferences(root);
  return frontEndRegions(root).filter((id) => {
    const file = id.split('#')[0];
    return !refs.some((r) => r.file === file && (r.region === undefined || `${r.file}#${r.region}` === id));
  });
}

/**
 * Asks TypeScript which error codes the lines marked `@ts-expect-error` would raise without the marker.
 * Lazy: nothing is compiled until a region actually declares an intended error, and each file only once.
 */
export function typeErrorCodes(root: string): (file: string, line: number) => number[] {
  const errorsByLine = new Map<string, number[][]>();
  let options: ts.CompilerOptions | undefined;
  return (file, line) => {
    options ??= ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })?.options ?? {};
    if (!errorsByLine.has(file)) errorsByLine.set(file, errorsWithoutMarkers(file, options));
    // The marker sits on `line` (1-based); the error it excuses is on the next line (0-based index `line`).
    return errorsByLine.get(file)![line] ?? [];
  };
}

/** Type-checks a file with its expect-error markers blanked; the error codes found on each line. */
function errorsWithoutMarkers(file: string, options: ts.CompilerOptions): number[][] {
  const blanked = readFileSync(file, 'utf8').split('\n').map((l) => (EXPECT_ERROR.test(l) ? '' : l)).join('\n');
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile;
  host.readFile = (name) => (name === file ? blanked : readFile(name));
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file)!;
  const byLine: number[][] = [];
  for (const d of program.getSemanticDiagnostics(sourceFile)) {
    (byLine[sourceFile.getLineAndCharacterOfPosition(d.start ?? 0).line] ??= []).push(d.code);
  }
  return byLine;
}

/** Reads the book, with intended type errors resolved to their real codes. */
export function loadBook(root: string): Book {
  return readBook(root, typeErrorCodes(root));
}

/** Everything that must stop the build, as one error naming each page and region at fault. */
export function assertBookConsistent(book: Book): void {
  const problems = bookProblems(book);
  const unshown = [...unshownRegions(book).map((r) => `${r.chapter}/${r.name}`), ...unshownFrontEndRegions(book.root)];
  if (unshown.length > 0) problems.push(`regions no page shows: ${unshown.join(', ')}`);
  if (problems.length > 0) throw new Error(`The book is inconsistent:\n  ${problems.join('\n  ')}`);
}

/**
 * Twoslash's compiler options, read from tsconfig.json through the TypeScript API (so `lib` is in
 * the compiler's own form, `lib.es2023.d.ts`), without the path of the file they came from.
 */
export function twoslashCompilerOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!parsed) throw new Error(`cannot read ${join(root, 'tsconfig.json')}`);
  const { configFilePath: _, ...options } = parsed.options;
  return options;
}

/** Chapters a chapter imports, directly or through others (`./pubsub.ts` → `pubsub`), itself excluded. */
export function chapterDependencies(book: Book, chapter: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const source = book.chapters.get(name);
    if (source === undefined) return;
    for (const { fileName } of ts.preProcessFile(source, true, false).importedFiles) {
      const imported = fileName.match(/^\.\/([^/]+)\.ts$/)?.[1];
      if (imported && imported !== chapter && !seen.has(imported)) {
        seen.add(imported);
        visit(imported);
      }
    }
  };
  visit(chapter);
  return [...seen].sort();
}

/**
 * Where a region lives, derived from the code: the file, then each enclosing class or function,
 * innermost last (`chapters/pubsub.ts · class Channels · publish()`). A top-level region names the file alone.
 * JavaScript files are parsed the same way; HTML and CSS name the file alone.
 */
export function captionFor(file: string, source: string, region?: string): string {
  const path = `chapters/${file}`;
  if (!/\.(ts|js)$/.test(file)) return path;
  const lines = source.split('\n');
  const range = region === undefined ? undefined : regionSpan(lines, region);
  if (!range) return path;
  const sourceFile = parsed(file, source);
  const [start, end] = [lineStart(lines, range[0]), lineStart(lines, range[1])];
  const names: string[] = [];
  const visit = (node: ts.Node) => {
    if (node.getStart(sourceFile) > start || node.getEnd() < end) return;
    const name = containerName(node);
    if (name) names.push(name);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return [path, ...names].join(' · ');
}

const syntaxTrees = new Map<string, ts.SourceFile>();

/** A chapter's syntax tree, parsed once for all the captions of its regions. */
function parsed(file: string, source: string): ts.SourceFile {
  const key = `${file}\0${source}`;
  let tree = syntaxTrees.get(key);
  if (!tree) {
    tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
    syntaxTrees.set(key, tree);
  }
  return tree;
}

/** 0-based lines of a region's first and last code lines, for any comment style of marker. */
function regionSpan(lines: string[], region: string): [number, number] | undefined {
  const marker = (kind: string) => new RegExp(`(?://|<!--|/\\*)\\s*#${kind}\\s+${region}\\b`);
  const open = lines.findIndex((line) => marker('region').test(line));
  const close = lines.findIndex((line, i) => i > open && marker('endregion').test(line));
  return open < 0 || close < 0 ? undefined : [open + 1, close];
}

function lineStart(lines: string[], line: number): number {
  return lines.slice(0, line).reduce((offset, text) => offset + text.length + 1, 0);
}

/** The caption part for a node that encloses code: a class, a function, a method, a named arrow function. */
function containerName(node: ts.Node): string | undefined {
  if (ts.isClassLike(node)) return `class ${node.name?.text ?? '(anonymous)'}`;
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) return `${node.name?.getText() ?? '(anonymous)'}()`;
  if (ts.isConstructorDeclaration(node)) return 'constructor()';
  if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return `${ts.isGetAccessor(node) ? 'get' : 'set'} ${node.name.getText()}`;
  if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)
    && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) return `${node.name.text}()`;
  return undefined;
}

/**
 * Twoslash results on disk under `.vitepress/cache/twoslash`. The key is the block's own code (its whole
 * chapter) plus every chapter that chapter imports, the compiler options and the TypeScript and
 * @types/node versions: change any of them and the block is type-checked again, so a hover is never stale.
 */
export function twoslashTypesCache(book: Book, options: ts.CompilerOptions, dir = join(book.root, '.vitepress/cache/twoslash')): TwoslashTypesCache {
  const toolVersions = ['typescript', '@types/node', 'twoslash']
    .map((name) => { try { return readFileSync(join(book.root, 'node_modules', name, 'package.json'), 'utf8'); } catch { return name; } });
  const keyOf = (code: string) => {
    const chapter = code.match(/^\/\/ @filename: chapters\/([^./]+)\./m)?.[1];
    // A block that isn't one of the book's regions depends on any chapter it might import.
    const deps = chapter === undefined ? [...book.chapters.keys()] : chapterDependencies(book, chapter);
    const hash = createHash('sha256').update(code).update(JSON.stringify(options)).update(toolVersions.join('\0'));
    for (const dep of deps) hash.update(`\0${dep}\0${book.chapters.get(dep)}`);
    return hash.digest('hex').slice(0, 24);
  };
  const fileOf = (code: string) => join(dir, `${keyOf(code)}.json`);
  return {
    init: () => mkdirSync(dir, { recursive: true }),
    read: (code) => {
      const file = fileOf(code);
      return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
    },
    write: (code, data) => writeFileSync(fileOf(code), JSON.stringify(data)),
  };
}

/** What a twoslasher returns, as far as Shiki uses it. */
type TwoslashOutput = Pick<TwoslashReturn, 'code' | 'nodes'> & { meta?: { extension?: string } };
type Twoslasher = (code: string, extension?: string, options?: object) => TwoslashOutput;

/**
 * One Twoslash pass per chapter instead of one per region. Each block's source is its whole chapter
 * anyway, so the chapter is type-checked once, with every region's `@ts-expect-error` lines taken out
 * (their errors are expected, by code), and each region's hovers and errors are cut out of that one
 * result. An error inside no region that expects its code fails the build, naming the region, as the
 * per-region pass would. Anything that doesn't line up falls back to the ordinary per-region pass.
 */
export function chapterTwoslasher(currentBook: () => Book, twoslasher: Twoslasher, cache?: TwoslashTypesCache): Twoslasher {
  const passes = new Map<string, TwoslashOutput>();
  return (code, extension, options) => {
    const cached = cache?.read(code) as TwoslashOutput | null | undefined;
    if (cached) return cached;
    const result = regionFromChapterPass(currentBook(), code, passes, twoslasher) ?? twoslasher(code, extension, options);
    cache?.write(code, result as never);
    return result;
  };
}

function regionFromChapterPass(book: Book, code: string, passes: Map<string, TwoslashOutput>, twoslasher: Twoslasher): TwoslashOutput | undefined {
  const named = code.match(/^\/\/ @filename: chapters\/([^./]+)\.([a-z0-9-]+)\.twoslash\.ts$/m);
  const region = named && book.regions.find((r) => r.chapter === named[1] && r.name === named[2]);
  if (!region) return undefined;
  const source = book.chapters.get(region.chapter)!;
  const regions = book.regions.filter((r) => r.chapter === region.chapter);
  const lines = source.replace(/\n$/, '').split('\n');
  const expectedAt = (line: number) => book.errorCodesOf(join(book.root, 'chapters', `${region.chapter}.ts`), line + 1);

  // The chapter without region markers and without the `@ts-expect-error` lines inside regions,
  // remembering where each kept line came from.
  const kept: number[] = [];
  const excused = new Map<number, number[]>();  // kept line index → codes its removed marker excused
  lines.forEach((line, i) => {
    if (isMarker(line)) return;
    const inRegion = regions.some((r) => i > r.open && i < r.close);
    if (inRegion && EXPECT_ERROR.test(line)) {
      excused.set(kept.length, expectedAt(i));
      return;
    }
    kept.push(i);
  });
  const allCodes = [...new Set([...excused.values()].flat())];
  const header = [`// @filename: chapters/${region.chapter}.twoslash.ts`];
  if (allCodes.length > 0) header.unshift(`// @errors: ${allCodes.join(' ')}`);
  const body = kept.map((i) => lines[i]!).join('\n') + '\n';
  const input = [...header, '// ---cut-before---', body].join('\n');  // the cut keeps @filename out of the code
  let pass = passes.get(input);
  if (!pass) {
    pass = twoslasher(input, 'ts');
    passes.set(input, pass);
  }
  // Twoslash answers each `// ^?` and leaves its line out of the code it gives back:
  // `shown[n]` is the index in `kept` of the code's line n.
  const shown = kept.flatMap((i, k) => (QUERY.test(lines[i]!) ? [] : [k]));
  const visible = shown.map((k) => kept[k]!);
  const answered = visible.map((i) => lines[i]!).join('\n') + '\n';
  if (pass.code !== answered) return undefined;

  for (const node of pass.nodes) {
    if (node.type !== 'error') continue;
    const codes = excused.get(shown[node.line]!) ?? [];
    if (!codes.includes(Number(node.code))) {
      const at = `chapters/${region.chapter}.ts:${visible[node.line]! + 1}`;
      throw new Error(`Unexpected type error TS${node.code} at ${at}, which no @ts-expect-error in a region excuses`);
    }
  }

  const first = visible.findIndex((i) => i > region.open);
  const last = visible.findLastIndex((i) => i < region.close);
  const start = visible.slice(0, first).reduce((sum, i) => sum + lines[i]!.length + 1, 0);
  const text = visible.slice(first, last + 1).map((i) => lines[i]!).join('\n');
  if (answered.slice(start, start + text.length) !== text) return undefined;
  const end = start + text.length;
  const nodes = pass.nodes
    .filter((node) => node.start >= start && node.start + node.length <= end)
    .map((node) => ({ ...node, start: node.start - start, line: node.line - first }));
  return { code: text, nodes, meta: { extension: 'ts' } };
}

async function cli(command: string | undefined): Promise<number> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const book = await loadBook(root);
  if (command === 'write') {
    writeSnippets(book);
    console.log(`Wrote ${book.snippets.size} snippets from ${book.chapters.size} chapters.`);
    return 0;
  }
  if (command === 'check') {
    const problems = bookProblems(book);
    for (const problem of problems) console.error(problem);
    const unshown = [...unshownRegions(book).map((r) => `${r.chapter}/${r.name}`), ...unshownFrontEndRegions(root)];
    if (unshown.length > 0) {
      console.error(`Regions no page shows:\n${unshown.map((r) => `  ${r}`).join('\n')}`);
    } else {
      console.log(`Every one of the ${book.regions.length} regions is shown on a page.`);
    }
    return problems.length > 0 || unshown.length > 0 ? 1 : 0;
  }
  console.error('usage: tsx .vitepress/book.ts write|check');
  return 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await cli(process.argv[2]);
