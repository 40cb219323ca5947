import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme, type MarkdownOptions } from 'vitepress';
import { transformerTwoslash } from '@shikijs/vitepress-twoslash';
import type { ShikiTransformer } from 'shiki';
import { createTwoslasher } from 'twoslash';
import {
  assertBookConsistent, captionFor, chapterTwoslasher, readBook, twoslashCompilerOptions, twoslashSource,
  twoslashTypesCache, typeErrorCodes,
} from './book.ts';
import { keepStatic, staticHoverRenderer } from './hovers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = join(root, 'docs');

// Broken code can't ship: a stale or missing snippet, a page naming a missing region, a region defined
// twice or never closed, or a region no page shows stops the build here, before anything renders.
// (Unexpected type errors stop it later, in Twoslash.)
const errorCodes = typeErrorCodes(root);
const book = readBook(root, errorCodes);
assertBookConsistent(book);
const compilerOptions = twoslashCompilerOptions(root);
const typesCache = twoslashTypesCache(book, compilerOptions);
typesCache.init?.();

/** The book's parts, in reading order. A page appears once its docs/<name>.md exists. */
const parts: [string, string[]][] = [
  ['Start here', ['index', 'running']],
  ['Sockets from the ground up', ['daytime', 'echo', 'failures', 'push']],
  ['The server', ['shape', 'first', 'pubsub', 'routing', 'parsing', 'listen']],
  ['The chat', ['handlers', 'chat']],
  ['Beyond one process', ['processes']],
  ['Measuring', ['speed']],
  ['Looking back', ['built']],
  ['Appendices', ['glossary', 'lisp']],
];

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

/** `---cut-after---` leaves one empty line at the end of a rendered block; drop it. */
const dropTrailingBlankLine: ShikiTransformer = {
  name: 'house:drop-trailing-blank-line',
  code(node) {
    const lines = node.children.filter((child) => child.type === 'element');
    const last = lines.at(-1);
    if (last && last.type === 'element' && last.children.length === 0) {
      node.children.splice(node.children.lastIndexOf(last) - 1, 2);
    }
  },
};

/**
 * Runs after VitePress's `<<<` include has recorded `token.src = [file, region]` on each fence. For a
 * page showing `snippets/<chapter>/<region>.ts`, it swaps in the whole chapter with cut markers (composed
 * here, in memory), so Twoslash knows every type while only the region renders. Every included block
 * gets a caption saying where its code lives.
 */
type MarkdownIt = Parameters<NonNullable<MarkdownOptions['config']>>[0];

function bookIncludes(md: MarkdownIt): void {
  md.core.ruler.push('house-book-includes', (state) => {
    const page = `docs/${state.env.relativePath}`;
    const current = readBook(root, errorCodes); // re-read so `vitepress dev` follows chapter edits
    for (let i = 0; i < state.tokens.length; i++) {
      const token = state.tokens[i]!;
      const src = (token as { src?: [string, string] }).src;
      if (token.type !== 'fence' || !src) continue;
      const [file, regionName] = src;
      const line = (token.map?.[0] ?? 0) + 1;
      const path = relative(root, file).replaceAll('\\', '/');
      const snippet = path.match(/^snippets\/([^/]+)\/([^/]+)\.ts$/);
      let caption: string;
      if (snippet) {
        const [, chapter, name] = snippet as unknown as [string, string, string];
        const region = current.regions.find((r) => r.chapter === chapter && r.name === name);
        if (!region) throw new Error(`${page}:${line} shows region ${chapter}/${name}, which chapters/${chapter}.ts does not have`);
        token.content = token.info.includes('twoslash') ? twoslashSource(current, region) : current.snippets.get(path)!;
        (token as { src?: unknown }).src = undefined;
        state.env.includes?.push(join(root, 'chapters', `${chapter}.ts`), file);
        caption = captionFor(`${chapter}.ts`, current.chapters.get(chapter)!, name);
      } else if (path.startsWith('chapters/') && existsSync(file)) {
        caption = captionFor(path.slice('chapters/'.length), readFileSync(file, 'utf8'), regionName || undefined);
      } else {
        continue;
      }
      const label = new state.Token('html_block', '', 0);
      label.content = `<div class="code-caption">${md.utils.escapeHtml(caption)}</div>\n`;
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
      keepStatic(transformerTwoslash({
        twoslashOptions: { compilerOptions },
        renderer: staticHoverRenderer({ processHoverDocs: withoutExamples, queryRendering: 'line' }),
        // One type-check per chapter, each result kept in the types cache.
        twoslasher: chapterTwoslasher(() => readBook(root, errorCodes), createTwoslasher({ compilerOptions }), typesCache),
      })),
      dropTrailingBlankLine,
    ],
  },
  vite: {
    server: { fs: { allow: [root] } },
  },
});
