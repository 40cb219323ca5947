import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme, type MarkdownOptions } from 'vitepress';
import { createTransformerFactory } from '@shikijs/twoslash';
import { createTwoslasher } from 'twoslash';
import {
  assertBookConsistent, blockSource, bookTwoslasher, cachedTwoslasher, changedLines, currentBook, locate, locationText,
  regionNamed, twoslashCompilerOptions,
} from './book.ts';
import { staticHoverRenderer } from './hovers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = join(root, 'docs');

/** The book's parts, in reading order. A page appears once its docs/<name>.md exists. */
export const parts: [string, string[]][] = [
  ['Start here', ['index', 'running']],
  ['Sockets from the ground up', ['daytime', 'echo', 'failures', 'push']],
  ['The server', ['shape', 'first', 'pubsub', 'routing', 'parsing', 'listen']],
  ['The chat', ['handlers', 'chat']],
  ['Beyond one process', ['processes']],
  ['Measuring', ['speed']],
  ['Looking back', ['built']],
  ['Appendices', ['glossary', 'lisp']],
];

/** The pages in reading order, but the front page: it shows the finished chat before anything is explained. */
export const readingOrder = parts.flatMap(([, pages]) => pages).filter((page) => page !== 'index');

const book = currentBook(root);
const compilerOptions = twoslashCompilerOptions(root);

function titleOf(page: string): string {
  const text = readFileSync(join(docs, `${page}.md`), 'utf8');
  const heading = (pattern: RegExp) => text.match(pattern)?.[1]?.trim();
  return heading(/^sidebar:\s*(.+)$/m) ?? heading(/^#\s+(.+)$/m) ?? heading(/^title:\s*(.+)$/m) ?? page;
}

const sidebar: DefaultTheme.SidebarItem[] = parts
  .map(([text, pages]) => ({
    text,
    items: pages
      .filter((page) => existsSync(join(docs, `${page}.md`)))
      .map((page) => ({ text: titleOf(page), link: page === 'index' ? '/' : `/${page}` })),
  }))
  .filter((part) => part.items.length > 0);

type MarkdownIt = Parameters<NonNullable<MarkdownOptions['config']>>[0];

// A page shows a region as a change to an earlier one (of any chapter) by naming it after the block:
//   <<< ../snippets/pubsub/publish.ts{ts twoslash} [diff first/publish]
// The earlier region's lines that are gone show as removed, the new ones as added, and hovers work on
// every line that is still there. (VitePress reads the bracket as a title; the rule below takes it.)
const DIFF_TITLE = /\[diff ([^\]\s]+)\]/;

/**
 * Runs after VitePress's `<<<` include has recorded `token.src = [file, region]` on each fence. For a
 * page showing `snippets/<chapter>/<region>.ts{ts twoslash}`, the fence's code becomes a line naming the
 * region (and the region it is a change to), which `bookTwoslasher` turns into the region's code and
 * types. Every included block gets a line above it saying where its code goes.
 */
function bookIncludes(md: MarkdownIt): void {
  // Broken code can't ship: a stale or missing snippet, a page naming a missing region, a region defined
  // twice or never closed, a region no page shows, or a block using a name a later page introduces stops
  // the build or the dev server here, as it sets up its Markdown renderer, before anything renders.
  // (Unexpected type errors stop it later, in Twoslash.) `vitepress preview` renders nothing and skips
  // the check, a type-checked program over every chapter: it serves what a build has checked.
  assertBookConsistent(book(), readingOrder);
  md.core.ruler.push('house-book-includes', (state) => {
    const page = `docs/${state.env.relativePath}`;
    const current = book();
    for (let i = 0; i < state.tokens.length; i++) {
      const token = state.tokens[i]!;
      const src = (token as { src?: [string, string] }).src;
      if (token.type !== 'fence' || !src) continue;
      const [file, regionName] = src;
      const line = (token.map?.[0] ?? 0) + 1;
      const path = relative(root, file).replaceAll('\\', '/');
      const [, chapter, name] = path.match(/^snippets\/([^/]+)\/([^/]+)\.ts$/) ?? [];
      if (chapter && name) {
        const [region, diff] = [regionNamed(current, `${chapter}/${name}`), token.info.match(DIFF_TITLE)?.[1]];
        const base = diff === undefined ? undefined : regionNamed(current, diff);
        if (!region || (diff && !base)) throw new Error(`${page}:${line} shows ${chapter}/${name}${diff ? ` as a change to ${diff}` : ''}: no such region`);
        token.info = 'ts twoslash'; // every block of a chapter is type-checked
        token.content = blockSource(region, base);
        (token as { src?: unknown }).src = undefined;
        state.env.includes?.push(join(root, 'chapters', `${chapter}.ts`), file);
      } else if (!path.startsWith('chapters/') || !existsSync(file)) {
        continue;
      }
      const shown = chapter ? `${chapter}.ts` : path.slice('chapters/'.length);
      const location = locate(shown, readFileSync(join(root, 'chapters', shown), 'utf8'), name ?? (regionName || undefined));
      const label = new state.Token('html_block', '', 0);
      label.content = `<div class="code-location">${md.renderInline(locationText(location))}</div>\n`;
      state.tokens.splice(i, 0, label);
      i++;
    }
  });
}

/** Node's own documentation comes with code examples; a hover shows its prose and leaves the examples to the docs. */
const withoutExamples = (docs: string) => docs.replace(/```[\s\S]*?```/g, '').replace(/\n{3,}/g, '\n\n').trim();

export default defineConfig({
  srcDir: 'docs',
  title: 'House',
  description: 'Build an event-driven web server in TypeScript, from raw sockets up to a live chat room.',
  cleanUrls: true,
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Read the book', link: '/' },
      { text: 'Run everything', link: '/running' },
    ],
    sidebar,
    search: {
      provider: 'local',
      // The index holds a page's prose. Its code blocks (rendered with every hover, twice the cost of
      // the page itself) are left out: the names a reader searches for are named in the prose too.
      options: {
        _render(src, env, md) {
          const html = md.render(src.replace(/^<<< .*$/gm, ''), env);
          return env.frontmatter?.search === false ? '' : html;
        },
      },
    },
    outline: { level: [2, 3] },
    docFooter: { prev: 'Previous chapter', next: 'Next chapter' },
  },
  markdown: {
    config: bookIncludes,
    codeTransformers: [
      createTransformerFactory(
        // One type-check per chapter, each result kept on disk.
        bookTwoslasher(book, cachedTwoslasher(book(), compilerOptions, createTwoslasher({ compilerOptions }))),
      )({ explicitTrigger: true, renderer: staticHoverRenderer({ processHoverDocs: withoutExamples, queryRendering: 'line' }) }),
      changedLines,
    ],
  },
  vite: {
    server: { fs: { allow: [root] } },
  },
});
