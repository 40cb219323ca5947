// Mutation testing of the core (`npm run mutate`; one file: `npm run mutate -- --mutate chapters/routing.ts`;
// facing only some test files: `MUTATE_TESTS=test/routing.test.ts npm run mutate -- …`, see
// vitest.mutation.config.ts).
// Stryker plants one small bug at a time in the server code and runs the tests that reach it;
// a bug no test notices is a survivor. Equivalent mutants, and why: stryker.equivalent.md.
//
// Only the chapters' server code is mutated, not their `// #region demo…` blocks (the chapter run
// as a program). The line ranges are computed here, from
// the region markers, each time this file loads, so they follow the files as they change.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** The core's files, and the regions of each that are not server code. */
export const CORE = {
  'chapters/parsing.ts': [],
  'chapters/listen.ts': [],
  'chapters/pubsub.ts': [],
  'chapters/routing.ts': [],
  'chapters/handlers.ts': [],
};
const isDemo = (region) => region === 'demo' || region.startsWith('demo-');

/** `file:from-to` for each run of lines outside the regions left out (1-based, inclusive). */
export function serverCode(file) {
  const skipped = new Set(CORE[file] ?? []);
  const lines = readFileSync(new URL(file, import.meta.url), 'utf8').split('\n');
  const ranges = [];
  const add = (first, last) => {
    if (lines.slice(first - 1, last).some((line) => line.trim() !== '')) ranges.push(`${file}:${first}-${last}`);
  };
  let from;
  let inside;
  lines.forEach((line, index) => {
    const number = index + 1;
    const start = /^\s*\/\/ #region (\S+)/.exec(line);
    const end = /^\s*\/\/ #endregion (\S+)/.exec(line);
    if (start && inside === undefined && (isDemo(start[1]) || skipped.has(start[1]))) {
      inside = start[1];
      if (from !== undefined) add(from, number - 1);
      from = undefined;
    } else if (end && end[1] === inside) {
      inside = undefined;
    } else if (inside === undefined && from === undefined) {
      from = number;
    }
  });
  if (inside !== undefined) throw new Error(`${file}: region ${inside} is never closed`);
  if (from !== undefined) add(from, lines.length);
  return ranges;
}

/** A `--mutate` list with each whole core file replaced by its server code's ranges. */
function narrowed(list) {
  return list.split(',').flatMap((item) => (item in CORE ? serverCode(item) : [item])).join(',');
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: Object.keys(CORE).flatMap(serverCode),
  coverageAnalysis: 'perTest',
  // Longer than a test may take under mutation (vitest.mutation.config.ts): a mutant that makes a
  // test wait for ever fails it first. This time-out is left for a mutant that blocks the process.
  timeoutMS: 25_000,
  // One mutant at a time: the machine is shared, and the sockets tests time themselves.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

// Run as a program (`npm run mutate`): Stryker with this file, and `--mutate` narrowed as above,
// since a `--mutate` given on the command line replaces the config's list rather than meeting it.
if (process.argv[1] === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2).map((arg, index, all) =>
    ['--mutate', '-m'].includes(all[index - 1]) ? narrowed(arg) : arg);
  const stryker = new URL('node_modules/@stryker-mutator/core/bin/stryker.js', import.meta.url).pathname;
  const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...args], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
