import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { transformerTwoslash } from '@shikijs/vitepress-twoslash';
import type { ShikiTransformer } from 'shiki';
import { bookProblems, loadBook } from './book.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = join(root, 'docs');

// Broken code can't ship: a stale snippet or a page naming a missing region stops the build here,
// before anything renders. (Unexpected type errors stop it later, in Twoslash.)
const problems = bookProblems(await loadBook(root));
if (problems.length > 0) {
  throw new Error(`The book is inconsistent:\n  ${problems.join('\n  ')}`);
}

/** The book's parts, in reading order. A page appears once its docs/<name>.md exists. */
const parts: [string, string[]][] = [
  ['Start here', ['index', 'running']],
  ['Sockets from the ground up', ['daytime', 'echo', 'failures', 'push']],
  ['The server', ['pubsub', 'routing', 'parsing', 'listen']],
  ['The chat', ['handlers', 'chat']],
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
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    docFooter: { prev: 'Previous chapter', next: 'Next chapter' },
  },
  markdown: {
    codeTransformers: [
      transformerTwoslash({
        twoslashOptions: {
          compilerOptions: {
            module: 99, // ESNext
            moduleResolution: 100, // Bundler
            target: 9, // ES2022
            allowImportingTsExtensions: true,
            noEmit: true,
            strict: true,
            types: ['node'],
          },
        },
      }),
      dropTrailingBlankLine,
    ],
  },
  vite: {
    server: { fs: { allow: [root] } },
  },
});
