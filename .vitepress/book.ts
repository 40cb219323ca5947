// The book's spine: chapters/*.ts mark regions, snippets/ holds one generated file per region,
// and docs/*.md pages show regions by name. This module builds snippets and checks that all three agree.
//
//   npx tsx .vitepress/book.ts write   regenerate snippets/ from chapters/
//   npx tsx .vitepress/book.ts check   fail on any problem; list regions no page shows
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import ts from 'typescript';
import type { ShikiTransformer } from 'shiki';
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

const isMarker = (line: string) => REGION_OPEN.test(line) || REGION_CLOSE.test(line);

/** The snippet for one region: exactly the code the page shows (no region markers, no
 *  `@ts-expect-error` lines), which is what a reader copies. */
export function snippetFor(region: Region, source: string): string {
  const lines = source.split('\n').slice(region.open + 1, region.close);
  return lines.filter((line) => !isMarker(line) && !EXPECT_ERROR.test(line)).join('\n') + '\n';
}

export interface Book {
  root: string;
  chapters: Map<string, string>;
  regions: Region[];
  /** snippet path relative to the root → content */
  snippets: Map<string, string>;
}

/** Reads chapters/ and computes what snippets/ must contain. */
export function readBook(root: string): Book {
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
  return { root, chapters, regions, snippets };
}

/** The book as chapters/ holds it now, read again only when a chapter file has changed: `vitepress dev`
 *  follows edits, and a build, which asks for every block, reads each file once. */
export function currentBook(root: string): () => Book {
  let last: { stamp: string; book: Book } | undefined;
  return () => {
    const dir = join(root, 'chapters');
    const stamp = readdirSync(dir).map((file) => `${file} ${statSync(join(dir, file)).mtimeMs}`).join('\n');
    if (last?.stamp !== stamp) last = { stamp, book: readBook(root) };
    return last.book;
  };
}

/** A region by its `chapter/name`, as pages and diffs name it. */
export function regionNamed(book: Book, id: string): Region | undefined {
  return book.regions.find((r) => `${r.chapter}/${r.name}` === id);
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
  const dir = join(book.root, 'snippets');
  const onDisk = new Set(existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => relative(book.root, join(entry.parentPath, entry.name))) : []);
  const stale: string[] = [];
  for (const [path, content] of book.snippets) {
    if (!onDisk.has(path)) stale.push(`${path} is missing`);
    else if (readFileSync(join(book.root, path), 'utf8') !== content) stale.push(`${path} is out of date`);
    onDisk.delete(path);
  }
  for (const path of onDisk) stale.push(`${path} has no region in chapters/`);
  return stale;
}

// `<<< ../snippets/<chapter>/<region>.ts{ts twoslash}`, optionally followed by `[diff <chapter>/<region>]`:
// the block is then shown as a change to that earlier region (see DIFF_TITLE in config.mts).
const SNIPPET_REFERENCE = /<<<\s*\.\.\/snippets\/([^/\s]+)\/([^/\s{]+)\.ts(?:\{[^}]*\})?(?:\s*\[diff ([^\]\s]+)\])?/g;

/** Every line of every page under docs/. */
function pageLines(root: string): { page: string; line: number; text: string }[] {
  const docs = join(root, 'docs');
  return readdirSync(docs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .flatMap((page) => readFileSync(join(root, page), 'utf8').split('\n').map((text, index) => ({ page, line: index + 1, text })));
}

/** Every `<<< ../snippets/<chapter>/<region>.ts` in docs/*.md, and the region it is shown as a change to. */
export function pageReferences(root: string): { page: string; line: number; chapter: string; region: string; diff?: string }[] {
  return pageLines(root).flatMap(({ page, line, text }) =>
    [...text.matchAll(SNIPPET_REFERENCE)].map((m) => ({ page, line, chapter: m[1]!, region: m[2]!, diff: m[3] })));
}

// Files that aren't TypeScript (the chat's HTML, CSS and browser JavaScript) are shown directly:
// `<<< ../chapters/chat.js#send{js}`. They have no types to check, but the file and region must exist.
const FILE_REFERENCE = /<<<\s*\.\.\/chapters\/([^#{\s]+)(?:#([^{\s]+))?/g;
const ANY_REGION_OPEN = /(?:\/\/|<!--|\/\*)\s*#region\s+([a-z0-9-]+)/g;

export function fileReferences(root: string): { page: string; line: number; file: string; region?: string }[] {
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
    if (!regionNamed(book, `${ref.chapter}/${ref.region}`)) {
      const where = book.chapters.has(ref.chapter) ? `chapters/${ref.chapter}.ts has no region "${ref.region}"` : `there is no chapters/${ref.chapter}.ts`;
      problems.push(`${ref.page}:${ref.line} shows region ${ref.chapter}/${ref.region}, but ${where}`);
    }
    if (ref.diff !== undefined && !regionNamed(book, ref.diff)) {
      problems.push(`${ref.page}:${ref.line} shows a change from region ${ref.diff}, which does not exist`);
    }
  }
  return problems;
}

/** Regions that no page shows, as `chapter/region` or `file#region` (a page showing a whole file shows them all). */
export function unshownRegions(book: Book): string[] {
  const shown = new Set(pageReferences(book.root).map((r) => `${r.chapter}/${r.region}`));
  const files = fileReferences(book.root);
  const shownFile = (id: string) => files.some((r) => id === `${r.file}#${r.region ?? id.split('#')[1]}`);
  return [...book.regions.map((r) => `${r.chapter}/${r.name}`).filter((id) => !shown.has(id)),
    ...frontEndRegions(book.root).filter((id) => !shownFile(id))];
}

/**
 * Everything that must stop the build, as one error naming each page and region at fault. Given the
 * pages' reading order, a block that uses a name a later page introduces is refused too.
 */
export function assertBookConsistent(book: Book, order?: string[]): void {
  const problems = bookProblems(book);
  const unshown = unshownRegions(book);
  if (unshown.length > 0) problems.push(`regions no page shows: ${unshown.join(', ')}`);
  if (order && problems.length === 0) problems.push(...forwardReferences(book, order).values());
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

// Where a block goes ------------------------------------------------------------------------------

/**
 * Where a region goes in its file, derived from the code: the enclosing classes and functions,
 * outermost first, and the declaration it follows in the innermost of them (`after` is `''` at the
 * top, `undefined` when the block is a whole file, or HTML or CSS, which are named by file alone).
 * Names are in backticks.
 */
export interface Location {
  file: string;
  within: string[];
  after?: string;
}

/** `` `chapters/listen.ts`, in class `Connection`, after `#handle` ``: markdown, names as code. */
export function locationText({ file, within, after }: Location): string {
  const place = after === undefined ? [] : [after === '' ? 'at the top' : `after ${after}`];
  return [`\`${file}\``, ...within.map((w) => `in ${w}`), ...place].join(', ');
}

const syntaxTrees = new Map<string, ts.SourceFile>(); // each chapter's, parsed once for all its blocks

export function locate(file: string, source: string, region?: string): Location {
  const location: Location = { file: `chapters/${file}`, within: [] };
  const span = /\.(ts|js)$/.test(file) ? findRegions(file, source).find((r) => r.name === region) : undefined;
  if (!span) return location;
  const lines = source.split('\n');
  const first = lines.findIndex((line, i) => i > span.open && line.trim() !== '');
  const start = lineStart(lines, first) + lines[first]!.search(/\S/);
  const tree = syntaxTrees.get(source) ?? ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  syntaxTrees.set(source, tree);
  let list: readonly ts.Node[] = tree.statements;
  const visit = (node: ts.Node) => {
    if (node.getStart(tree) >= start || node.getEnd() <= start) return;
    const name = containerName(node);
    if (name) location.within.push(name);
    // The declarations or statements the node holds one after the other, if it does.
    const holds = node as { members?: ts.NodeArray<ts.Node>; statements?: ts.NodeArray<ts.Node>; properties?: ts.NodeArray<ts.Node> };
    list = holds.members ?? holds.statements ?? holds.properties ?? list;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(tree, visit);
  const before = list.filter((node) => node.getEnd() <= start).at(-1);
  location.after = before === undefined ? '' : nameOf(before, tree);
  return location;
}

function lineStart(lines: string[], line: number): number {
  return lines.slice(0, line).reduce((offset, text) => offset + text.length + 1, 0);
}

/** How a location names a node that encloses code: a class, a function, a method, a named arrow function. */
function containerName(node: ts.Node): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'the constructor';
  const isFunction = ts.isFunctionDeclaration(node) || (ts.isVariableDeclaration(node) && node.initializer !== undefined
    && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer)));
  const kind = ts.isClassLike(node) ? 'class' : ts.isMethodDeclaration(node) ? 'method'
    : ts.isGetAccessor(node) ? 'get' : ts.isSetAccessor(node) ? 'set' : isFunction ? 'function' : undefined;
  return kind && `${kind} \`${(node as { name?: ts.Node }).name?.getText() ?? '(anonymous)'}\``;
}

/** How a location names the declaration or statement a block follows. */
function nameOf(node: ts.Node, tree: ts.SourceFile): string {
  if (ts.isImportDeclaration(node)) return 'the imports';
  if (ts.isConstructorDeclaration(node)) return 'the constructor';
  const name = ts.isVariableStatement(node) ? node.declarationList.declarations[0]!.name : (node as { name?: ts.Node }).name;
  const text = name?.getText(tree) ?? node.getText(tree).split('\n')[0]!;
  return `\`${text.length > 32 ? `${text.slice(0, 30)}…` : text}\``;
}

// Names used before the page that introduces them -----------------------------------------------

const pageName = (page: string) => page.replace(/^docs\/|\.md$/g, '');

/**
 * Blocks that use a name (imports count) first declared in a region that only a later page shows, as
 * `page: name (later page)` → what is wrong. Pages are ranked by `order` (pages it doesn't name come
 * last); each identifier of each shown region is resolved by the type checker to its declarations,
 * and each declaration to the region holding it.
 */
export function forwardReferences(book: Book, order: string[]): Map<string, string> {
  const rank = (page: string) => order.indexOf(pageName(page)) + 1 || order.length + 1;
  const refs = pageReferences(book.root).sort((a, b) => rank(a.page) - rank(b.page));
  const firstPage = new Map<string, string>();
  for (const { chapter, region, page } of refs) firstPage.set(`${chapter}/${region}`, firstPage.get(`${chapter}/${region}`) ?? page);
  // One TypeScript program over every chapter, to learn what each name refers to.
  const files = [...book.chapters.keys()].map((chapter) => join(book.root, 'chapters', `${chapter}.ts`));
  const program = ts.createProgram(files, twoslashCompilerOptions(book.root));
  const checker = program.getTypeChecker();
  const chapterOf = new Map(files.map((file, i) => [program.getSourceFile(file), [...book.chapters.keys()][i]]));
  const regionOf = (node: ts.Node) => {
    const [file, chapter] = [node.getSourceFile(), chapterOf.get(node.getSourceFile())];
    const line = chapter === undefined ? -1 : file.getLineAndCharacterOfPosition(node.getStart()).line;
    return book.regions.find((r) => r.chapter === chapter && r.open < line && line < r.close);
  };
  const found = new Map<string, string>();
  for (const region of book.regions) {
    const id = `${region.chapter}/${region.name}`;
    const pages = refs.filter((r) => `${r.chapter}/${r.region}` === id).map((r) => r.page);
    if (pages.length === 0) continue;
    const tree = program.getSourceFile(join(book.root, 'chapters', `${region.chapter}.ts`))!;
    const [start, end] = [tree.getPositionOfLineAndCharacter(region.open, 0), tree.getPositionOfLineAndCharacter(region.close, 0)];
    const visit = (node: ts.Node): void => {
      if (node.end < start || node.pos > end) return; // `pos` is before the node's leading comments: cheap
      if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && node.getStart() >= start) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const declared = (symbol?.declarations ?? []).map(regionOf).filter((r): r is Region => r !== undefined && r !== region)
          .map((r) => ({ id: `${r.chapter}/${r.name}`, page: firstPage.get(`${r.chapter}/${r.name}`) ?? '' }))
          .sort((a, b) => rank(a.page) - rank(b.page))[0];
        for (const page of pages) {
          if (!declared || rank(declared.page) <= rank(page)) continue;
          // One report for each name a page uses too early: its first use in the chapter's order.
          const key = `${pageName(page)}: ${node.text} (${pageName(declared.page)})`;
          if (!found.has(key)) found.set(key, `${page} shows ${id}, which uses ${node.text} before ${declared.page} introduces it (in ${declared.id})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  return found;
}

// Twoslash: one pass per chapter, each block cut out of it ---------------------------------------

/**
 * A twoslasher that keeps its results on disk under `.vitepress/cache/twoslash`. The key is the code
 * of a chapter pass plus every chapter that chapter imports, the compiler options and the TypeScript,
 * @types/node and twoslash versions: change any of them and the chapter is type-checked again, so a
 * hover is never stale.
 */
export function cachedTwoslasher(book: Book, options: ts.CompilerOptions, twoslasher: Twoslasher,
  dir = join(book.root, '.vitepress/cache/twoslash')): Twoslasher {
  const toolVersions = ['typescript', '@types/node', 'twoslash']
    .map((name) => { try { return readFileSync(join(book.root, 'node_modules', name, 'package.json'), 'utf8'); } catch { return name; } });
  mkdirSync(dir, { recursive: true });
  return (code, ...rest) => {
    const hash = createHash('sha256').update(code).update(JSON.stringify(options)).update(toolVersions.join('\0'));
    for (const dep of chapterDependencies(book, code.match(/^\/\/ @filename: chapters\/([^./]+)\./m)?.[1] ?? '')) {
      hash.update(`\0${dep}\0${book.chapters.get(dep)}`);
    }
    const file = join(dir, `${hash.digest('hex').slice(0, 24)}.json`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TwoslashOutput;
    const result = twoslasher(code, ...rest);
    writeFileSync(file, JSON.stringify(result));
    return result;
  };
}

/** What a twoslasher returns, as far as Shiki uses it. */
type TwoslashOutput = Pick<TwoslashReturn, 'code' | 'nodes'> & { meta?: { extension?: string; changes?: LineChange['kind'][] } };
type Twoslasher = (code: string, extension?: string, options?: object) => TwoslashOutput;

/**
 * What a page's block hands Twoslash: which region it shows, and which region it is a change to.
 * `bookTwoslasher` reads it; the code comes from the chapter itself.
 */
export function blockSource(region: Region, diff?: Region): string {
  return `// @region ${region.chapter}/${region.name}${diff ? ` diff ${diff.chapter}/${diff.name}` : ''}\n`;
}

const BLOCK_SOURCE = /^\/\/ @region (\S+)(?: diff (\S+))?\s*$/;

/**
 * Type-checks each chapter once and cuts each block's hovers and errors out of that one pass. The
 * pass leaves out every region's `@ts-expect-error` lines, so the error each one excuses shows on
 * the page; an error on any other line fails the build, naming the chapter and line.
 * A block that is a change to another region gets that region's lines back, marked as removed,
 * and its own changed lines marked as added (see `changedLines`).
 */
export function bookTwoslasher(currentBook: () => Book, twoslasher: Twoslasher): Twoslasher {
  const passes = new Map<string, TwoslashOutput>();
  return (code) => {
    const block = code.match(BLOCK_SOURCE);
    if (!block) throw new Error(`A Twoslash block must show a chapter's region: <<< ../snippets/<chapter>/<region>.ts{ts twoslash}\n${code}`);
    const book = currentBook(); // the markdown rule has checked that both regions exist
    const [region, base] = [regionNamed(book, block[1]!)!, block[2] === undefined ? undefined : regionNamed(book, block[2])!];
    const shown = cut(chapterPass(book, region.chapter, twoslasher, passes), region);
    if (!base) return shown;
    return asChange(shown, snippetFor(base, book.chapters.get(base.chapter)!).replace(/\n$/, '').split('\n'));
  };
}

interface ChapterPass {
  lines: string[];
  /** The chapter's line index of each line Twoslash saw. */
  kept: number[];
  result: TwoslashOutput;
}

function chapterPass(book: Book, chapter: string, twoslasher: Twoslasher, passes: Map<string, TwoslashOutput>): ChapterPass {
  const lines = book.chapters.get(chapter)!.replace(/\n$/, '').split('\n');
  const regions = book.regions.filter((r) => r.chapter === chapter);
  const excused = (i: number) => regions.some((r) => i > r.open && i < r.close) && EXPECT_ERROR.test(lines[i]!);
  const kept = lines.flatMap((line, i) => (isMarker(line) || excused(i) ? [] : [i]));
  const body = kept.map((i) => lines[i]!).join('\n') + '\n';
  // The cut keeps the flags out of the code; the errors are validated below, line by line.
  const input = `// @noErrorValidation\n// @filename: chapters/${chapter}.twoslash.ts\n// ---cut-before---\n${body}`;
  const result = passes.get(input) ?? twoslasher(input, 'ts');
  passes.set(input, result);
  // Twoslash answers each `// ^?` and leaves its line out of the code it gives back.
  const shown = kept.filter((i) => !QUERY.test(lines[i]!));
  if (result.code !== shown.map((i) => lines[i]!).join('\n') + '\n') {
    throw new Error(`Twoslash changed chapters/${chapter}.ts as it read it (a // @flag in it?)`);
  }
  for (const node of result.nodes) {
    const line = shown[node.line]!;
    if (node.type === 'error' && !excused(line - 1)) {
      throw new Error(`Unexpected type error TS${node.code} at chapters/${chapter}.ts:${line + 1}, which no @ts-expect-error `
        + `in a region excuses: ${node.text}`);
    }
  }
  return { lines, kept: shown, result };
}

/** One region of a chapter pass: its code, and the hovers and errors that fall inside it. */
function cut({ lines, kept, result }: ChapterPass, region: Region): TwoslashOutput {
  const first = kept.findIndex((i) => i > region.open);
  const last = kept.findLastIndex((i) => i < region.close);
  const start = kept.slice(0, first).reduce((sum, i) => sum + lines[i]!.length + 1, 0);
  const code = kept.slice(first, last + 1).map((i) => lines[i]!).join('\n');
  const nodes = result.nodes
    .filter((node) => node.start >= start && node.start + node.length <= start + code.length)
    .map((node) => ({ ...node, start: node.start - start, line: node.line - first }));
  return { code, nodes, meta: { extension: 'ts' } };
}

/** A block shown as a change to `before`: removed lines come back, and `meta.changes` says which line is which. */
function asChange(shown: TwoslashOutput, before: string[]): TwoslashOutput {
  const changes = lineDiff(before, shown.code.split('\n'));
  const lines = changes.map((change) => change.text);
  const offsets = lines.map((_, i) => lineStart(lines, i));
  const nodes = shown.nodes.map((node) => {
    const line = changes.findIndex((change) => change.kind !== 'remove' && change.index === node.line);
    return { ...node, line, start: offsets[line]! + node.character };
  });
  return { code: lines.join('\n'), nodes, meta: { extension: 'ts', changes: changes.map((change) => change.kind) } };
}

/**
 * Marks the lines of a block shown as a change with the classes VitePress gives Shiki's diff notation
 * (`// [!code ++]`). The notation itself can't be used here: appended to a line that ends in a
 * comment, it becomes part of that comment and shows.
 */
export const changedLines: ShikiTransformer = {
  name: 'house:changed-lines',
  line(node, line) {
    const kind = (this.meta.twoslash as TwoslashOutput | undefined)?.meta?.changes?.[line - 1];
    if (kind === 'add' || kind === 'remove') this.addClassToHast(node, ['diff', kind]);
  },
  pre(node) {
    if ((this.meta.twoslash as TwoslashOutput | undefined)?.meta?.changes) this.addClassToHast(node, 'has-diff');
  },
};

export interface LineChange {
  kind: 'same' | 'add' | 'remove';
  text: string;
  /** The line's index in `after` (for 'same' and 'add') or in `before` (for 'remove'). */
  index: number;
}

/**
 * A shortest line diff (longest common subsequence); where lines were replaced, removals come first.
 * Indentation doesn't count, as with `diff -w`: code moved into a function is the same code, shown
 * where it now stands.
 */
export function lineDiff(before: string[], after: string[]): LineChange[] {
  const same = (i: number, j: number) => before[i]!.trimStart() === after[j]!.trimStart();
  const common = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      common[i]![j] = same(i, j) ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const changes: LineChange[] = [];
  let [i, j] = [0, 0];
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && same(i, j)) {
      changes.push({ kind: 'same', text: after[j]!, index: j++ });
      i++;
    } else if (i < before.length && (j === after.length || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      changes.push({ kind: 'remove', text: before[i]!, index: i++ });
    } else {
      changes.push({ kind: 'add', text: after[j]!, index: j++ });
    }
  }
  return changes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [book, command] = [readBook(fileURLToPath(new URL('..', import.meta.url))), process.argv[2]];
  if (command === 'write') writeSnippets(book);
  else assertBookConsistent(book); // throws, naming every problem
  console.log(`${book.regions.length} regions in ${book.chapters.size} chapters: ${command === 'write' ? 'snippets written' : 'each shown on a page'}.`);
}
