// Vitest's global setup: writes each chapter as plain JavaScript to test/.tmp/js/chapters/, before any
// test starts, for the tests that run chapters as programs (runChapter in helpers.ts). Each chapter
// becomes an .mjs file, because chat.js is already taken: the chat's own script, which chat.ts serves
// from beside itself, as it serves chat.html and chat.css (copied along).
//
// Why: the tests start a chapter about a hundred times per run. Started with tsx's loader, as a reader
// starts one, each costs about 0.45 s of CPU, most of it loading the loader; as JavaScript, 0.1 s.
// Nothing is lost in the translation: tsconfig.json sets isolatedModules and verbatimModuleSyntax, so
// tsc makes sure each file means the same compiled on its own, which is all tsx does too. The tests
// that run chapters the reader's way (serving.test.ts, `npm start` in chat.test.ts) still use tsx.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const chapters = join(root, 'chapters');
export const compiledChapters = join(root, 'test', '.tmp', 'js', 'chapters');

/** A relative import as tsc writes it once it has rewritten the extension: `from "./routing.js"` or
 *  `import("./redis-rooms.js")`. (The chapters import no JavaScript of their own.) */
const COMPILED_IMPORT = /(\bfrom\s*|\bimport\(\s*)"(\.{1,2}\/[^"]+)\.js"/g;

/** Vitest calls this once for each tier (project), each time in a fresh copy of this module: a file
 *  is written only when its source, or this file, which says how to compile it, is newer, so the first
 *  call does the work. */
export async function setup(): Promise<void> {
  const compiler = modified(import.meta.filename);
  const stale = sources().filter(({ from, to }) => modified(to) < Math.max(modified(from), compiler));
  if (stale.length === 0) return;
  // Imported only here: the test workers import this file for `compiledChapters` alone.
  const { default: ts } = await import('typescript');
  const options: import('typescript').CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    verbatimModuleSyntax: true,
    rewriteRelativeImportExtensions: true,  // './routing.ts' becomes "./routing.js", and then "./routing.mjs"
  };
  for (const { from, to } of stale) {
    mkdirSync(dirname(to), { recursive: true });
    const written = `${to}.${process.pid}`;  // then renamed: a program never starts from half a file
    if (from.endsWith('.ts')) {
      const { outputText } = ts.transpileModule(readFileSync(from, 'utf8'), { fileName: from, compilerOptions: options });
      writeFileSync(written, outputText.replace(COMPILED_IMPORT, '$1"$2.mjs"'));
    } else {
      copyFileSync(from, written);
    }
    renameSync(written, to);
  }
}

/** Every file under chapters/, and where its compiled copy goes. */
function sources(): { from: string; to: string }[] {
  return readdirSync(chapters, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((from) => ({ from, to: join(compiledChapters, relative(chapters, from)).replace(/\.ts$/, '.mjs') }));
}

function modified(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}
