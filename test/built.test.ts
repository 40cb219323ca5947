// The line counts on "What we built" come from docs/built.data.ts at build time; these check the counter.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countLines, measure, SUBSYSTEMS } from '../docs/built.data.ts';
import { root } from './helpers.ts';

describe('countLines', () => {
  it('tells code, comment-only and blank lines apart', () => {
    const source = [
      '// a comment',
      'const a = 1;  // code with a comment after it',
      '',
      '/** a doc comment',
      ' *  over two lines */',
      '/* one line */ const b = 2;',
      '  // #region name',
      '<!-- an HTML comment -->',
      '   ',
      'export { a, b };',
      '',
    ].join('\n');
    expect(countLines(source)).toEqual({ code: 3, demo: 0, comments: 5, blank: 2 });
  });

  it('counts the code of demo, example and misuse regions apart from the program\'s', () => {
    const source = [
      'const a = 1;',
      '// #region demo-main',
      'console.log(a);',
      '// #endregion demo-main',
      '// #region example',
      'const b = a + 1;',
      '// #endregion example',
      '// #region exports',
      'export { a, b };',
      '// #endregion exports',
    ].join('\n');
    expect(countLines(source)).toEqual({ code: 2, demo: 2, comments: 6, blank: 0 });
  });

  it('counts every line of a file once', () => {
    const source = readFileSync(join(root, 'chapters/pubsub.ts'), 'utf8');
    const { code, demo, comments, blank } = countLines(source);
    expect(code + demo + comments + blank).toBe(source.replace(/\n$/, '').split('\n').length);
    expect(demo).toBeGreaterThan(0);
    expect(code).toBeGreaterThan(comments);
  });
});

describe('measure', () => {
  const chapters = readdirSync(join(root, 'chapters')).map((file) => join(root, 'chapters', file));

  it('puts every chapter file in exactly one subsystem', () => {
    const listed = SUBSYSTEMS.flatMap((s) => s.files).sort();
    const files = readdirSync(join(root, 'chapters')).filter((file) => /\.(ts|js|html|css)$/.test(file));
    expect(listed).toEqual(files.sort());
  });

  it("gives each of the draft's four subsystems, and the DSL, a row of its own", () => {
    const rows = SUBSYSTEMS.map((s) => [s.name, s.files.join(' ')]);
    for (const file of ['pubsub.ts', 'routing.ts', 'parsing.ts', 'listen.ts', 'handlers.ts']) {
      expect(rows.filter(([, files]) => files === file), file).toHaveLength(1);
    }
  });

  it('adds each subsystem up from its files, and the total from the subsystems', () => {
    const { subsystems, total } = measure(chapters);
    for (const s of subsystems) expect(s.code).toBe(s.files.reduce((sum, f) => sum + f.code, 0));
    expect(total.code).toBe(subsystems.reduce((sum, s) => sum + s.code, 0));
  });

  it('names a chapter that is missing', () => {
    expect(() => measure(chapters.filter((path) => !path.endsWith('listen.ts')))).toThrow('chapters/listen.ts is missing');
  });
});
