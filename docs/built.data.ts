// Counts the chapters' lines when the site is built, so the sizes on "What we built" never go stale.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface LineCount {
  /** Code of the program itself. */
  code: number;
  /** Code that only shows the program at work: regions named demo…, example or misuse. */
  demo: number;
  comments: number;
  blank: number;
}

/** A region that shows the chapter's code at work rather than being part of it. */
const DEMO_REGION = /\/\/ #region (demo\S*|example|misuse)\s*$/;

export interface FileSize extends LineCount {
  file: string;
}

export interface Subsystem extends LineCount {
  name: string;
  page: string;
  files: FileSize[];
}

/** Which chapter files make up each part, in reading order: the draft's four subsystems (pub/sub, then
 *  the three of the HTTP server) each a row of their own, and the parts around them. */
export const SUBSYSTEMS: { name: string; page: string; files: string[] }[] = [
  { name: 'Sockets and push', page: '/daytime', files: ['program.ts', 'daytime.ts', 'echo.ts', 'failures.ts', 'push.ts'] },
  { name: 'A first server', page: '/first', files: ['first.ts'] },
  { name: 'Pub/sub', page: '/pubsub', files: ['pubsub.ts'] },
  { name: 'Routing and handling', page: '/routing', files: ['routing.ts'] },
  { name: 'Parsing and writing', page: '/parsing', files: ['parsing.ts'] },
  { name: 'Listening and reading', page: '/listen', files: ['listen.ts'] },
  { name: 'The handler DSL', page: '/handlers', files: ['handlers.ts'] },
  { name: 'The chat', page: '/chat', files: ['chat.ts', 'chat.js', 'chat.html', 'chat.css'] },
  { name: 'The DSL compared', page: '/handlers#what-a-definition-turns-into', files: ['orders.ts', 'by-hand.ts', 'classes.ts'] },
  { name: 'More than one process', page: '/processes', files: ['processes.ts', 'redis-rooms.ts'] },
  { name: "The first server's weaknesses, run", page: '/first#what-is-naive-here', files: ['pubsub-demos.ts', 'parsing-demos.ts', 'listen-demos.ts', 'handlers-demos.ts', 'processes-demos.ts'] },
];

/**
 * Splits a source file's lines into code, comments and blank lines. A line holding code and a
 * comment counts as code. Comments are `//` and `/* … *\/` (TypeScript, JavaScript, CSS) and
 * `<!-- … -->` (HTML); region markers are comments too. It reads lines, not tokens, so a comment
 * opener inside a string would fool it: the chapters have none at the start of a line.
 */
export function countLines(source: string): LineCount {
  const count: LineCount = { code: 0, demo: 0, comments: 0, blank: 0 };
  let closer: string | undefined;  // set while inside a block comment: the text that ends it
  let demo: string | undefined;    // set while inside a demo region: the line that ends it
  const code = () => { if (demo === undefined) count.code++; else count.demo++; };
  for (const raw of source.replace(/\n$/, '').split('\n')) {
    const line = raw.trim();
    const region = DEMO_REGION.exec(line)?.[1];
    if (region !== undefined) demo = `// #endregion ${region}`;
    else if (line === demo) demo = undefined;
    if (closer !== undefined) {
      count.comments++;
      if (line.includes(closer)) closer = undefined;
    } else if (line === '') {
      count.blank++;
    } else if (line.startsWith('//')) {
      count.comments++;
    } else if (line.startsWith('/*') || line.startsWith('<!--')) {
      const end = line.startsWith('/*') ? '*/' : '-->';
      const rest = line.slice(end === '*/' ? 2 : 4);
      const after = rest.includes(end) ? rest.slice(rest.indexOf(end) + end.length).trim() : undefined;
      if (after === undefined) closer = end;
      if (after) code();
      else count.comments++;
    } else {
      code();
    }
  }
  return count;
}

function sum(counts: LineCount[]): LineCount {
  return counts.reduce((a, b) => ({
    code: a.code + b.code, demo: a.demo + b.demo, comments: a.comments + b.comments, blank: a.blank + b.blank,
  }), { code: 0, demo: 0, comments: 0, blank: 0 });
}

export function measure(paths: string[]): { subsystems: Subsystem[]; total: LineCount } {
  const byName = new Map(paths.map((path) => [basename(path), path]));
  const subsystems = SUBSYSTEMS.map(({ name, page, files }) => {
    const sizes = files.map((file) => {
      const path = byName.get(file);
      if (path === undefined) throw new Error(`docs/built.data.ts: chapters/${file} is missing`);
      return { file, ...countLines(readFileSync(path, 'utf8')) };
    });
    return { name, page, files: sizes, ...sum(sizes) };
  });
  return { subsystems, total: sum(subsystems) };
}

export type Data = ReturnType<typeof measure>;
declare const data: Data;
export { data };

export default {
  watch: ['../chapters/*.ts', '../chapters/chat.*'],
  load: (paths: string[]): Data => measure(paths),
};
