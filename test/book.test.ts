// The book's own guarantees: code reaches pages only through regions, and a broken book doesn't build.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRegions, loadBook, snippetFor, staleSnippets, unshownFrontEndRegions, unshownRegions, writeSnippets } from '../.vitepress/book.ts';
import { root } from './helpers.ts';

describe('regions', () => {
  const chapter = [
    'const hidden = 1;',
    '// #region shown',
    'export const shown = hidden + 1;',
    '// #endregion shown',
    '',
  ].join('\n');

  it('finds a region by its markers', () => {
    expect(findRegions('demo', chapter)).toEqual([{ chapter: 'demo', name: 'shown', open: 1, close: 3 }]);
  });

  it('makes a snippet that holds the whole chapter but renders only the region', () => {
    const [region] = findRegions('demo', chapter);
    expect(snippetFor(region!, chapter)).toBe([
      '// @filename: chapters/demo.shown.twoslash.ts',
      'const hidden = 1;',
      '// ---cut-before---',
      'export const shown = hidden + 1;',
      '// ---cut-after---',
      '',
    ].join('\n'));
  });

  it('turns an expected type error inside the region into a Twoslash @errors line', () => {
    const source = '// #region oops\n// @ts-expect-error\nconst n: number = "one";\n// #endregion oops\n';
    const [region] = findRegions('demo', source);
    expect(snippetFor(region!, source, [2322])).toBe(
      '// @errors: 2322\n// @filename: chapters/demo.oops.twoslash.ts\n// ---cut-before---\nconst n: number = "one";\n// ---cut-after---\n',
    );
  });

  it.each([
    ['defined twice', '// #region a\n// #endregion a\n// #region a\n// #endregion a\n', /region "a" is defined twice/],
    ['never closed', '// #region a\nx\n', /region "a" is never closed/],
    ['closed without opening', '// #endregion a\n', /#endregion a has no matching #region/],
    ['badly named', '// #region Not_OK\n// #endregion Not_OK\n', /lowercase letters, digits and dashes/],
  ])('rejects a region %s, naming the file and line', (_, source, message) => {
    expect(() => findRegions('demo', source)).toThrow(message);
    expect(() => findRegions('demo', source)).toThrow(/chapters\/demo\.ts:\d+/);
  });
});

describe('the book as it is', async () => {
  const book = await loadBook(root);

  it('has snippets/ up to date with chapters/', () => {
    expect(staleSnippets(book)).toEqual([]);
  });

  it('shows every region of every chapter on some page', () => {
    expect(unshownRegions(book).map((r) => `${r.chapter}/${r.name}`)).toEqual([]);
    expect(unshownFrontEndRegions(root)).toEqual([]);
  });

  it('has no TypeScript or JavaScript typed by hand into a page', () => {
    const handTyped = listPages().filter((page) => /^\s*(```|~~~)\s*(ts|typescript|js|javascript|tsx|mjs)\b/m.test(readFileSync(join(root, page), 'utf8')));
    expect(handTyped).toEqual([]);
  });
});

function listPages(): string[] {
  return spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'docs'], { cwd: root, encoding: 'utf8' })
    .stdout.split('\n').filter((file) => file.endsWith('.md'));
}

// Each failure path builds a tiny site of its own: the real .vitepress config, one chapter, one page.
describe('a broken book does not build', () => {
  const sites: string[] = [];
  afterAll(() => sites.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function buildSite(chapter: string, page: string, extra: Record<string, string> = {}) {
    mkdirSync(join(root, 'test/.tmp'), { recursive: true });
    const dir = mkdtempSync(join(root, 'test/.tmp/site-'));
    sites.push(dir);
    cpSync(join(root, '.vitepress'), join(dir, '.vitepress'), {
      recursive: true,
      filter: (source) => !/[\\/](dist|cache)$/.test(source) && !source.includes('.timestamp-'),
    });
    cpSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    mkdirSync(join(dir, 'chapters'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'chapters/lesson.ts'), chapter);
    writeFileSync(join(dir, 'docs/lesson.md'), page);
    for (const [file, content] of Object.entries(extra)) writeFileSync(join(dir, file), content);
    try { writeSnippets(await loadBook(dir)); } catch { /* a broken chapter has no snippets to write */ }
    const vitepress = join(root, 'node_modules/vitepress/bin/vitepress.js');
    const result = spawnSync(process.execPath, [vitepress, 'build'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { dir, status: result.status, output: result.stdout + result.stderr };
  }

  const goodChapter = '// #region greet\nexport function greet(name: string): string {\n  return `hello ${name}`;\n}\n// #endregion greet\n';
  const showGreet = '# Lesson\n\n<<< ../snippets/lesson/greet.ts{ts twoslash}\n';

  it('builds a correct one, with hover types', async () => {
    const site = await buildSite(goodChapter, showGreet);
    expect(site.output).not.toMatch(/error/i);
    expect(site.status).toBe(0);
    const html = readFileSync(join(site.dir, '.vitepress/dist/lesson.html'), 'utf8');
    expect(html).toContain('twoslash-hover');
    expect(html).toContain('greet');
  }, 60_000);

  it('fails on an unexpected type error, naming the page and the error', async () => {
    const chapter = goodChapter.replace('return `hello ${name}`;', 'return name.length;');
    const site = await buildSite(chapter, showGreet);
    expect(site.status).not.toBe(0);
    expect(site.output).toMatch(/2322/);
    expect(site.output).toMatch(/lesson\.md/);
  }, 60_000);

  it('renders an intended error declared with @ts-expect-error as an error', async () => {
    const chapter = goodChapter + '// #region misuse\n// @ts-expect-error\nexport const n: number = greet(42);\n// #endregion misuse\n';
    const site = await buildSite(chapter, showGreet + '\n<<< ../snippets/lesson/misuse.ts{ts twoslash}\n');
    expect(site.output).not.toMatch(/\[TwoslashError\]|Unexpected/);
    expect(site.status).toBe(0);
    const html = readFileSync(join(site.dir, '.vitepress/dist/lesson.html'), 'utf8');
    expect(html).toContain('twoslash-error');
    expect(html).toMatch(/not assignable to parameter of type/);
  }, 60_000);

  it('fails when a page names a region that does not exist, naming page and region', async () => {
    const site = await buildSite(goodChapter, showGreet + '\n<<< ../snippets/lesson/farewell.ts{ts twoslash}\n');
    expect(site.status).not.toBe(0);
    expect(site.output).toContain('docs/lesson.md:5 shows region lesson/farewell, but chapters/lesson.ts has no region "farewell"');
  }, 60_000);

  it('fails when a page names a missing region of a front-end file', async () => {
    const script = '// #region greet\nconsole.log("hi");\n// #endregion greet\n';
    const site = await buildSite(goodChapter, showGreet + '\n<<< ../chapters/page.js#wave{js}\n', { 'chapters/page.js': script });
    expect(site.status).not.toBe(0);
    expect(site.output).toContain('docs/lesson.md:5 shows region page.js#wave, but chapters/page.js has no such region');
  }, 60_000);

  it('fails when a region is defined twice', async () => {
    const site = await buildSite(goodChapter + goodChapter.replace('function greet', 'function greet2'), showGreet);
    expect(site.status).not.toBe(0);
    expect(site.output).toMatch(/region "greet" is defined twice in chapters\/lesson\.ts/);
  }, 60_000);

  it('fails when snippets/ is stale against chapters/', async () => {
    const site = await buildSite(goodChapter, showGreet);
    writeFileSync(join(site.dir, 'chapters/lesson.ts'), goodChapter.replace('hello', 'goodbye'));
    const rebuilt = spawnSync(process.execPath, [join(root, 'node_modules/vitepress/bin/vitepress.js'), 'build'], { cwd: site.dir, encoding: 'utf8' });
    expect(rebuilt.status).not.toBe(0);
    expect(rebuilt.stdout + rebuilt.stderr).toMatch(/snippets\/ is stale \(run `npm run snippets`\): snippets\/lesson\/greet\.ts is out of date/);
  }, 90_000);
});
