// `npm test` runs three tiers, in two steps, so that the site build never fights socket tests for the CPU:
//   1. sockets  — chapters run as real programs and servers, talked to over 127.0.0.1;
//   2. browser  — the site build and everything that drives headless Chromium, and beside it
//      unit     — the chapters' functions in-process, and tsc over everything with the type-level tests,
//                 which wait on nothing and fill the core the build leaves.
// Timeouts live here and only here. They are generous on purpose: a wait that expires means something
// never happened, not that the machine was busy.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** How long any one awaited thing may take: a line of output, an event, an `expect.poll` condition. */
const WAIT_MS = 30_000;

const shared = {
  testTimeout: 90_000,
  hookTimeout: 300_000,  // a hook may build the whole site
  expect: { poll: { timeout: WAIT_MS } },
  provide: { waitMs: WAIT_MS },
};

/** The test files of a tier, by the marker each carries in its first lines: `// tier: unit` or
 *  `// tier: browser`. A file without one runs in the sockets tier. A new test file says where it
 *  belongs itself, and this config never lists files. */
function marked(tier: 'unit' | 'browser'): string[] {
  const marker = new RegExp(`^// tier: ${tier}$`, 'm');
  return readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join('test', file))
    .filter((file) => marker.test(readFileSync(file, 'utf8').split('\n', 5).join('\n')))
    .sort();
}

const unit = marked('unit');
const browser = marked('browser');

/** Vitest's order, except that the site test starts its step, and the unit files come next: the build is
 *  the longest single job, so it takes one core from the start while the unit files, then the other
 *  browser files, share the other. */
class SiteBuildFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const site = sorted.find((file) => file.moduleId.endsWith('/test/site.test.ts'));
    if (!site) return sorted;
    const tier = (name: string) => sorted.filter((file) => file.project.name === name && file !== site);
    return [...tier('sockets'), site, ...tier('unit'), ...tier('browser')];
  }
}

function tier(name: string, order: number, test: TestProjectInlineConfiguration['test']): TestProjectInlineConfiguration {
  return { extends: true, test: { name, sequence: { groupOrder: order }, ...test } };
}

export default defineConfig({
  test: {
    ...shared,
    // Before any test: the chapters compiled to JavaScript, for the tests that start them as programs.
    globalSetup: ['test/chapters-as-js.ts'],
    sequence: { sequencer: SiteBuildFirst },
    projects: [
      // Three socket files at a time: they mostly wait on the programs they start. (Vitest's default on two
      // cores is one.) A worker keeps the modules it has imported from one file to the next (isolate: false):
      // nearly every file imports the same chapters, and importing them afresh for each file took a third of
      // the tier's CPU. What a test changes outside itself (a spy, a fake clock), it puts back.
      tier('sockets', 1, {
        include: ['test/**/*.test.ts'], exclude: [...unit, ...browser], maxWorkers: 3, isolate: false,
      }),
      // The second step: two files at a time, one per core. The site build keeps one core busy (bundling is
      // single-threaded); the unit files, then the browser tests, which mostly wait for pages and events, take
      // the other. (Vitest asks projects that run together for the same count.)
      tier('unit', 2, {
        include: unit,
        maxWorkers: 2,
        // As in the sockets tier, and here it keeps the core the site build leaves for work, not for
        // starting a fresh worker for each file.
        isolate: false,
        // tsc checks the whole project here (tsconfig.json's include), and any error anywhere fails the run;
        // the type-level tests also fail on a wrong inferred type or an unused @ts-expect-error.
        typecheck: { enabled: true, include: ['test/**/*.types.test.ts'], tsconfig: './tsconfig.json' },
      }),
      // A fresh worker for each file here: book.test.ts lowers its own process's priority, which a shared
      // worker would pass on to the next file.
      tier('browser', 2, { include: browser, maxWorkers: 2 }),
    ],
  },
});
