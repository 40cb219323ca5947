// `npm test` runs three tiers one after another, so that they never fight over the CPU:
//   1. unit     — the chapters' functions in-process, and tsc over everything with the type-level tests;
//   2. sockets  — chapters run as real programs and servers, talked to over 127.0.0.1;
//   3. browser  — the site build and everything that drives headless Chromium.
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

/** Vitest's order (tier by tier), except that the site test starts its tier: its build is the longest
 *  single job, so it takes one core from the start while the other browser files share the other. */
class SiteBuildFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const site = sorted.find((file) => file.moduleId.endsWith('/test/site.test.ts'));
    if (!site) return sorted;
    const rest = sorted.filter((file) => file !== site);
    const firstBrowser = rest.findIndex((file) => file.project.name === site.project.name);
    rest.splice(firstBrowser === -1 ? rest.length : firstBrowser, 0, site);
    return rest;
  }
}

function tier(name: string, order: number, test: TestProjectInlineConfiguration['test']): TestProjectInlineConfiguration {
  return { extends: true, test: { name, sequence: { groupOrder: order }, ...test } };
}

export default defineConfig({
  test: {
    ...shared,
    sequence: { sequencer: SiteBuildFirst },
    projects: [
      // Two files at a time in the first two tiers: Vitest's default on two cores is one.
      tier('unit', 1, {
        include: unit,
        maxWorkers: 2,
        // tsc checks the whole project here (tsconfig.json's include), and any error anywhere fails the run;
        // the type-level tests also fail on a wrong inferred type or an unused @ts-expect-error.
        typecheck: { enabled: true, include: ['test/**/*.types.test.ts'], tsconfig: './tsconfig.json' },
      }),
      tier('sockets', 2, { include: ['test/**/*.test.ts'], exclude: [...unit, ...browser], maxWorkers: 2 }),
      // Two files at a time, one per core: a site build keeps one core busy (bundling is single-threaded),
      // and the browser tests, which mostly wait for pages and events, or the other build, take the other.
      tier('browser', 3, { include: browser, maxWorkers: 2 }),
    ],
  },
});
