// tier: unit
// The core's imports, read from the source: a core chapter imports another chapter only for its own
// code. A demo (a `// #region demo…`, `example` or `misuse` region) shows the code at work and may use
// what the chapter imports anyway, Node's modules and the toolbox (chapters/program.ts), nothing else:
// otherwise the order in which the core's chapters depend on each other would be the demos' order.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it, onTestFinished } from 'vitest';
import { root } from './helpers.ts';

const CORE = ['pubsub', 'routing', 'parsing', 'listen', 'handlers', 'chat'];
/** What a demo may import without the chapter's own code needing it. */
const TOOLBOX = 'program';
/** The regions that show a chapter at work; the same ones "What we built" counts apart. */
const DEMO_OPEN = /^\s*\/\/ #region (demo\S*|example|misuse)\s*$/;

interface Edge {
  from: string;
  to: string;
  /** Whether anything outside the demo regions uses what the import brings. */
  real: boolean;
  /** Where a demo uses it, as `file:line`. */
  demoUses: string[];
}

/** The 1-based line ranges of a file's demo regions. */
function demoLines(source: string): [number, number][] {
  const ranges: [number, number][] = [];
  const lines = source.split('\n');
  lines.forEach((line, index) => {
    const name = DEMO_OPEN.exec(line)?.[1];
    if (name === undefined) return;
    const end = lines.findIndex((other, i) => i > index && other.trim() === `// #endregion ${name}`);
    ranges.push([index + 1, end === -1 ? lines.length : end + 1]);
  });
  return ranges;
}

const chapterOf = (specifier: string) => basename(specifier).replace(/\.ts$/, '');

/** Every import of another chapter in `files` (absolute paths of chapter files): which names it brings,
 *  and whether each use of them lies inside a demo region. Dynamic imports count as uses where they are. */
function chapterImports(files: string[]): Edge[] {
  const program = ts.createProgram(files, {
    noEmit: true, noLib: true, types: [], allowImportingTsExtensions: true,
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const edges: Edge[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const from = chapterOf(file);
    const demos = demoLines(source.text);
    const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const inDemo = (node: ts.Node) => demos.some(([open, close]) => lineOf(node) > open && lineOf(node) < close);
    const edgeTo = (to: string) => {
      let edge = edges.find((e) => e.from === from && e.to === to);
      if (!edge) edges.push(edge = { from, to, real: false, demoUses: [] });
      return edge;
    };
    const use = (edge: Edge, node: ts.Node) => {
      if (inDemo(node)) edge.demoUses.push(`${from}.ts:${lineOf(node)}`);
      else edge.real = true;
    };

    // The names each static import brings, by their local symbol.
    const brought = new Map<ts.Symbol, Edge>();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const specifier = statement.moduleSpecifier.text;
      if (!specifier.startsWith('./')) continue;
      const edge = edgeTo(chapterOf(specifier));
      const clause = statement.importClause;
      if (clause === undefined) { use(edge, statement); continue; }  // a bare import: run for its effects
      const names: ts.Identifier[] = [];
      if (clause.name) names.push(clause.name);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name);
      if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name));
      for (const name of names) brought.set(checker.getSymbolAtLocation(name)!, edge);
    }

    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) return;
      if (ts.isIdentifier(node)) {
        const symbol = checker.getSymbolAtLocation(node);
        const edge = symbol && brought.get(symbol);
        if (edge) use(edge, node);
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [argument] = node.arguments;
        if (argument && ts.isStringLiteral(argument) && argument.text.startsWith('./')) {
          use(edgeTo(chapterOf(argument.text)), node);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return edges;
}

/** What breaks the rule: an import of another chapter (not the toolbox) that only demos use. */
function demoOnly(edges: Edge[]): string[] {
  return edges.filter((edge) => !edge.real && edge.to !== TOOLBOX)
    .map((edge) => `${edge.from} → ${edge.to}, used only at ${edge.demoUses.join(', ') || 'no place'}`);
}

describe('the core chapters import each other for their own code', () => {
  const files = CORE.map((chapter) => join(root, 'chapters', `${chapter}.ts`));
  const edges = chapterImports(files);

  it('import no chapter only for a demo (the toolbox aside)', () => {
    expect(demoOnly(edges)).toEqual([]);
  });

  it('depend on each other in one order: pubsub, routing, parsing, listen, handlers, chat', () => {
    const core = edges.filter((edge) => CORE.includes(edge.to)).map((edge) => `${edge.from} → ${edge.to}`);
    expect(core.sort()).toEqual([
      'chat → handlers', 'chat → listen', 'chat → pubsub', 'chat → routing',
      'handlers → parsing', 'handlers → pubsub', 'handlers → routing',
      'listen → parsing', 'listen → pubsub', 'listen → routing',
      'parsing → routing',
      'routing → pubsub',
    ]);
  });
});

describe('chapterImports', () => {
  /** A throwaway folder of chapter files. */
  function chapters(sources: Record<string, string>): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'house-imports-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const [name, source] of Object.entries(sources)) writeFileSync(join(dir, name), source);
    return Object.keys(sources).map((name) => join(dir, name));
  }
  const lib = 'export const greet = (name: string) => `hi ${name}`;\nexport type Name = string;\n';
  const tool = 'export const portFromEnv = (fallback: number) => fallback;\n';

  it('finds an import that only a demo uses, and where', () => {
    const app = [
      "import { greet } from './lib.ts';", "import { portFromEnv } from './program.ts';",
      'export const answer = 42;',
      '// #region demo', 'console.log(greet("you"), portFromEnv(1));', '// #endregion demo', '',
    ].join('\n');
    const edges = chapterImports(chapters({ 'lib.ts': lib, 'program.ts': tool, 'app.ts': app }));
    expect(demoOnly(edges)).toEqual(['app → lib, used only at app.ts:5']);
  });

  it('accepts an import the code uses, even when a demo uses it too, through an alias or as a type', () => {
    const app = [
      "import { greet as hello, type Name } from './lib.ts';",
      'export const who: Name = "me";', 'export const greeting = hello(who);',
      '// #region demo-main', 'console.log(hello("you"));', '// #endregion demo-main', '',
    ].join('\n');
    const edges = chapterImports(chapters({ 'lib.ts': lib, 'app.ts': app }));
    expect(edges).toEqual([{ from: 'app', to: 'lib', real: true, demoUses: ['app.ts:5'] }]);
  });

  it('is not fooled by a local name that shadows an import, nor by a dynamic import in a demo', () => {
    const app = [
      "import { greet } from './lib.ts';",
      'export function shout(greet: string) { return greet.toUpperCase(); }',
      '// #region demo', 'console.log(greet("you"));', "await import('./other.ts');", '// #endregion demo', '',
    ].join('\n');
    const edges = chapterImports(chapters({ 'lib.ts': lib, 'other.ts': 'export {};\n', 'app.ts': app }));
    expect(demoOnly(edges)).toEqual(['app → lib, used only at app.ts:4', 'app → other, used only at app.ts:5']);
  });
});
