// tier: browser
// The book's own guarantees: code reaches pages only through regions, and a broken book doesn't build.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assertBookConsistent, captionFor, chapterDependencies, findRegions, loadBook, readBook, snippetFor, staleSnippets, twoslashCompilerOptions,
  twoslashSourceFor, twoslashTypesCache, unshownFrontEndRegions, unshownRegions, writeSnippets,
} from '../.vitepress/book.ts';
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

  it('makes a snippet that is only the region, as the page shows it', () => {
    const [region] = findRegions('demo', chapter);
    expect(snippetFor(region!, chapter)).toBe('export const shown = hidden + 1;\n');
  });

  it('composes the Twoslash input from the whole chapter, with only the region between the cuts', () => {
    const [region] = findRegions('demo', chapter);
    expect(twoslashSourceFor(region!, chapter)).toBe([
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
    expect(twoslashSourceFor(region!, source, [2322])).toBe(
      '// @errors: 2322\n// @filename: chapters/demo.oops.twoslash.ts\n// ---cut-before---\nconst n: number = "one";\n// ---cut-after---\n',
    );
    expect(snippetFor(region!, source)).toBe('const n: number = "one";\n');
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

  // custom.css gives a code block room for 90 columns; a longer line makes the reader scroll sideways.
  // The exercises count too: readers copy them.
  it('has no chapter or exercise line longer than 90 characters', () => {
    const tooLong = chapterFiles().flatMap((file) => readFileSync(file, 'utf8').split('\n')
      .map((line, i) => ({ at: `${relative(root, file)}:${i + 1}`, length: [...line].length }))
      .filter(({ length }) => length > 90)
      .map(({ at, length }) => `${at} is ${length} characters`));
    expect(tooLong).toEqual([]);
  });

  it('has no TypeScript or JavaScript typed by hand into a page', () => {
    const handTyped = listPages().filter((page) => /^\s*(```|~~~)\s*(ts|typescript|js|javascript|tsx|mjs)\b/m.test(readFileSync(join(root, page), 'utf8')));
    expect(handTyped).toEqual([]);
  });
});

/** A heading's anchor, as VitePress makes it: an explicit `{#id}`, or the text in lower case with every run of
 *  spaces and punctuation turned into one dash. */
function anchorOf(heading: string): string {
  const explicit = heading.match(/\{#([\w-]+)\}\s*$/);
  if (explicit) return explicit[1]!;
  return heading.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
}

/** Where each region is shown: `chapter/region` → the `page#anchor` of the heading above each include. */
function whereShown(): Map<string, string[]> {
  const shown = new Map<string, string[]>();
  for (const page of listPages()) {
    let heading: string | undefined;
    for (const line of readFileSync(join(root, page), 'utf8').split('\n')) {
      heading = line.match(/^#{2,6} (.+)$/)?.[1]?.trim() ?? heading;
      const include = line.match(/^<<< \.\.\/snippets\/([\w-]+)\/([\w-]+)\.ts/);
      if (include && heading) {
        const key = `${include[1]}/${include[2]}`;
        shown.set(key, [...(shown.get(key) ?? []), `${page.replace(/^docs\/|\.md$/g, '')}#${anchorOf(heading)}`]);
      }
    }
  }
  return shown;
}

describe('the Lisp map', async () => {
  const book = await loadBook(root);
  const page = readFileSync(join(root, 'docs/lisp.md'), 'utf8');
  const rows = page.split('\n').filter((line) => line.startsWith('| `'));
  const links = [...page.matchAll(/\[`([\w-]+)\.ts#([\w-]+)`\]\(\/([\w-]+#[\w-]+)\)/g)];

  it('names, for every form, the chapter region that plays its part', () => {
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((row) => !/\[`[\w-]+\.ts#[\w-]+`\]\(/.test(row.split(' | ').at(-1)!))).toEqual([]);
  });

  it('names only regions that exist, and links each to a section that shows it', () => {
    const shown = whereShown();
    const wrong = links
      .filter(([, chapter, region, target]) => !book.regions.some((r) => r.chapter === chapter && r.name === region)
        || !shown.get(`${chapter}/${region}`)?.includes(target!))
      .map(([link]) => link);
    expect(links.length).toBeGreaterThanOrEqual(rows.length);
    expect(wrong).toEqual([]);
  });
});

/** Every file a reader sees or copies: chapters/*.{ts,js,css,html}, and all of chapters/exercises/. */
function chapterFiles(): string[] {
  const chapters = join(root, 'chapters');
  const direct = readdirSync(chapters, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|css|html)$/.test(entry.name))
    .map((entry) => join(chapters, entry.name));
  const exercises = readdirSync(join(chapters, 'exercises'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  return [...direct, ...exercises].sort();
}

function listPages(): string[] {
  return spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'docs'], { cwd: root, encoding: 'utf8' })
    .stdout.split('\n').filter((file) => file.endsWith('.md'));
}

describe('captions', () => {
  const source = [
    'export class Channels {',
    '  // #region publish',
    '  publish(channel: string): void {',
    '    // #region frame',
    '    const frame = `data: ${channel}`;',
    '    // #endregion frame',
    '  }',
    '  // #endregion publish',
    '}',
    '// #region helper',
    'export const helper = (): number => 1;',
    '// #endregion helper',
    '',
  ].join('\n');

  it('names the enclosing class for a region inside a class body', () => {
    expect(captionFor('pubsub.ts', source, 'publish')).toBe('chapters/pubsub.ts · class Channels');
  });

  it('names every enclosing class and function, innermost last', () => {
    expect(captionFor('pubsub.ts', source, 'frame')).toBe('chapters/pubsub.ts · class Channels · publish()');
  });

  it('names the file alone for a top-level region, and for a whole file', () => {
    expect(captionFor('pubsub.ts', source, 'helper')).toBe('chapters/pubsub.ts');
    expect(captionFor('pubsub.ts', source)).toBe('chapters/pubsub.ts');
  });

  it('reads front-end JavaScript the same way, and names HTML and CSS by file', () => {
    const script = 'function connect() {\n  // #region listen\n  source.onmessage = show;\n  // #endregion listen\n}\n';
    expect(captionFor('chat.js', script, 'listen')).toBe('chapters/chat.js · connect()');
    expect(captionFor('chat.html', '<!-- #region form -->\n<form></form>\n<!-- #endregion form -->\n', 'form')).toBe('chapters/chat.html');
  });
});

describe('Twoslash settings', () => {
  it('takes its compiler options from tsconfig.json', () => {
    const options = twoslashCompilerOptions(root);
    expect(options).toMatchObject({ strict: true, noEmit: true, allowImportingTsExtensions: true, types: ['node'], lib: ['lib.es2023.d.ts'] });
    expect(options.moduleResolution).toBe(100); // Bundler, as tsconfig.json says
  });
});

/** A throwaway book: chapters/ and docs/ files as given, snippets/ written from them unless told not to. */
function tinyBook(files: Record<string, string>, { snippets = true } = {}): string {
  mkdirSync(join(root, 'test/.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'test/.tmp/book-'));
  mkdirSync(join(dir, 'chapters'));
  mkdirSync(join(dir, 'docs'));
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  if (snippets) writeSnippets(readBook(dir));
  return dir;
}

const basics = '// #region greet\nexport function greet(name: string): string {\n  return `hello ${name}`;\n}\n// #endregion greet\n';
const lesson = "import { greet } from './basics.ts';\n\n// #region use\nexport const message = greet('you');\n// #endregion use\n";
const showBoth = '# Lesson\n\n<<< ../snippets/basics/greet.ts{ts twoslash}\n\n<<< ../snippets/lesson/use.ts{ts twoslash}\n';

describe('the types cache', () => {
  const books: string[] = [];
  afterAll(() => books.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('follows imports through chapters, so a block depends on every chapter it can see', () => {
    const dir = tinyBook({ 'chapters/basics.ts': basics, 'chapters/lesson.ts': lesson,
      'chapters/more.ts': "import { message } from './lesson.ts';\n// #region more\nexport const more = message;\n// #endregion more\n" });
    books.push(dir);
    const book = readBook(dir);
    expect(chapterDependencies(book, 'more')).toEqual(['basics', 'lesson']);
    expect(chapterDependencies(book, 'basics')).toEqual([]);
  });

  it('misses after a change in an imported chapter, and hits while nothing changed', () => {
    const dir = tinyBook({ 'chapters/basics.ts': basics, 'chapters/lesson.ts': lesson });
    books.push(dir);
    const code = '// @filename: chapters/lesson.use.twoslash.ts\n' + lesson;
    const cache = twoslashTypesCache(readBook(dir), {}, join(dir, 'cache'));
    cache.init?.();
    cache.write(code, { marker: 1 } as never);
    expect(twoslashTypesCache(readBook(dir), {}, join(dir, 'cache')).read(code)).toEqual({ marker: 1 });
    writeFileSync(join(dir, 'chapters/basics.ts'), basics.replace('name: string', 'name: string | number'));
    expect(twoslashTypesCache(readBook(dir), {}, join(dir, 'cache')).read(code)).toBeNull();
    expect(twoslashTypesCache(readBook(dir), { strict: false }, join(dir, 'cache')).read(code)).toBeNull();
  });
});

// The checks that run before anything renders, called as the config calls them: no build needed.
describe('an inconsistent book is refused, naming page and region', () => {
  const books: string[] = [];
  afterAll(() => books.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const check = (files: Record<string, string>, options?: { snippets: boolean }) => {
    const dir = tinyBook(files, options);
    books.push(dir);
    return () => assertBookConsistent(readBook(dir));
  };
  const good = { 'chapters/basics.ts': basics, 'chapters/lesson.ts': lesson, 'docs/lesson.md': showBoth };

  it('accepts a consistent one', () => {
    expect(check(good)).not.toThrow();
  });

  it('refuses a page naming a region that does not exist', () => {
    expect(check({ ...good, 'docs/lesson.md': showBoth + '\n<<< ../snippets/lesson/farewell.ts{ts twoslash}\n' }))
      .toThrow('docs/lesson.md:7 shows region lesson/farewell, but chapters/lesson.ts has no region "farewell"');
  });

  it('refuses a page naming a missing region of a front-end file', () => {
    expect(check({ ...good, 'chapters/page.js': '// #region greet\nconsole.log("hi");\n// #endregion greet\n',
      'docs/lesson.md': showBoth + '\n<<< ../chapters/page.js#greet{js}\n<<< ../chapters/page.js#wave{js}\n' }))
      .toThrow('docs/lesson.md:8 shows region page.js#wave, but chapters/page.js has no such region');
  });

  it('refuses a region no page shows', () => {
    expect(check({ ...good, 'docs/lesson.md': '# Lesson\n\n<<< ../snippets/basics/greet.ts{ts twoslash}\n' }))
      .toThrow('regions no page shows: lesson/use');
  });

  it('refuses a region defined twice', () => {
    expect(check({ ...good, 'chapters/basics.ts': basics + basics.replace('function greet', 'function greet2') }, { snippets: false }))
      .toThrow(/region "greet" is defined twice in chapters\/basics\.ts/);
  });

  it('refuses a stale snippet and a missing one', () => {
    const dir = tinyBook(good);
    books.push(dir);
    writeFileSync(join(dir, 'chapters/basics.ts'), basics.replace('hello', 'goodbye'));
    rmSync(join(dir, 'snippets/lesson/use.ts'));
    const refuse = () => assertBookConsistent(readBook(dir));
    expect(refuse).toThrow('snippets/ is stale (run `npm run snippets`): snippets/basics/greet.ts is out of date');
    expect(refuse).toThrow('snippets/lesson/use.ts is missing');
  });
});

// What only a real build shows: Twoslash's verdict on the code, the rendered page, and the types cache on disk.
describe('building a tiny site', () => {
  const sites: string[] = [];
  afterAll(() => sites.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const vitepress = join(root, 'node_modules/vitepress/bin/vitepress.js');

  function siteWith(files: Record<string, string>): string {
    const dir = tinyBook(files);
    sites.push(dir);
    cpSync(join(root, '.vitepress'), join(dir, '.vitepress'), {
      recursive: true,
      filter: (source) => !/[\\/](dist|cache)$/.test(source) && !source.includes('.timestamp-'),
    });
    cpSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    return dir;
  }

  function build(dir: string) {
    const result = spawnSync(process.execPath, [vitepress, 'build'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const page = (name: string) => readFileSync(join(dir, '.vitepress/dist', `${name}.html`), 'utf8');
    return { status: result.status, output: result.stdout + result.stderr, page };
  }

  /** The type text of every hover popup, one per line. Each popup sits in the page's HTML, inside the
   *  name it describes, each token of the type its own span: take the tags out. */
  function popups(dir: string, page: string): string {
    const html = readFileSync(join(dir, '.vitepress/dist', `${page}.html`), 'utf8');
    return [...html.matchAll(/<code class="twoslash-popup-code">(.*?)<\/code>/gs)]
      .map(([, code]) => code!.replace(/<[^>]+>/g, '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'))
      .join('\n');
  }

  const misuse = "// #region misuse\n// @ts-expect-error\nexport const n: number = greet(42);\n// #endregion misuse\n";

  it('renders hovers, captions and an intended error; and a change in an imported chapter reaches the hover', async () => {
    const dir = siteWith({
      'chapters/basics.ts': basics,
      // The intended error: a call with the wrong argument, excused by @ts-expect-error in the chapter.
      'chapters/lesson.ts': lesson + misuse,
      'docs/lesson.md': showBoth + '\n<<< ../snippets/lesson/misuse.ts{ts twoslash}\n',
    });
    const first = build(dir);
    expect(first.output).not.toMatch(/\[TwoslashError\]|Unexpected/);
    expect(first.status, first.output).toBe(0);
    const html = first.page('lesson');
    expect(html).toContain('twoslash-hover');
    expect(html).toContain('<div class="code-caption">chapters/basics.ts</div>');
    expect(html).toContain('twoslash-error');
    expect(html).toMatch(/not assignable to parameter of type/);
    expect(popups(dir, 'lesson')).toContain('function greet(name: string): string');
    expect(readdirSync(join(dir, '.vitepress/cache/twoslash')).length).toBeGreaterThan(0);

    // Rebuild on the warm cache after changing only the imported chapter: lesson.ts's block must see it.
    writeFileSync(join(dir, 'chapters/basics.ts'), basics.replace('name: string)', "name: string, mark = '!')"));
    writeSnippets(readBook(dir));
    const second = build(dir);
    expect(second.status, second.output).toBe(0);
    const hovers = popups(dir, 'lesson');
    expect(hovers).toContain('function greet(name: string, mark?: string): string');
    expect(hovers).not.toContain('function greet(name: string): string');
  });

  it('fails on an unexpected type error, naming the page and the error', () => {
    const dir = siteWith({ 'chapters/basics.ts': basics.replace('return `hello ${name}`;', 'return name.length;'),
      'chapters/lesson.ts': lesson, 'docs/lesson.md': showBoth });
    const site = build(dir);
    expect(site.status).not.toBe(0);
    expect(site.output).toMatch(/2322/);
    expect(site.output).toMatch(/lesson\.md/);
  });
});
