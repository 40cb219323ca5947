// The tests Stryker runs against each mutant (`npm run mutate`, see stryker.config.mjs): the unit
// and sockets tiers of vitest.config.ts, as one flat list, with shorter waits (MUTANT_WAIT_MS).
// No browser tier (the site build and Chromium have nothing to say about the core's mutants), and
// no type-level tests (they check types, which a mutant of the emitted code never changes).
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import project from './vitest.config.ts';

const { projects = [], sequence: _order, ...shared } = project.test ?? {};
const tier = (name: string) => {
  const found = projects.find((each) => typeof each === 'object' && 'test' in each && each.test?.name === name);
  if (!found || typeof found !== 'object' || !('test' in found)) throw new Error(`vitest.config.ts has no tier ${name}`);
  return found.test!;
};
const [unit, sockets, browser] = [tier('unit'), tier('sockets'), tier('browser')];

/** Test files that run the chapters as programs (or Redis, or the exercises) and hardly anything
 *  in-process. Stryker switches a mutant on inside the test worker only, so a program the test
 *  starts runs the chapters unmutated: these files cost minutes per mutant and can kill none. */
const AS_PROGRAMS = ['test/chat.test.ts', 'test/redis.test.ts', 'test/exercises.test.ts', 'test/serving.test.ts',
  'test/built.test.ts', 'test/parsing-demos.test.ts', 'test/pubsub-demos.test.ts', 'test/listen-demos.test.ts',
  'test/handlers-demos.test.ts', 'test/processes-demos.test.ts'];

/** A wait that runs out, under a mutant, means the mutant broke something: a connection that never
 *  answers, or never closes. The test then fails after this long, not after vitest.config.ts's
 *  30 s, and a test that hangs fails after MUTANT_TEST_MS: either way Stryker counts the mutant
 *  killed, without waiting for its own time-out and then restarting its test runner (the config's
 *  timeoutMS is longer than both). Unmutated, every wait here ends in milliseconds. */
const MUTANT_WAIT_MS = 5_000;
const MUTANT_TEST_MS = 20_000;

/** Test files that cost seconds per test: run last, so that a mutant a quick test kills never waits
 *  for them (Stryker stops at the first failure). The differential test reads 4,000 request streams. */
const SLOW = ['test/parsing.differential.test.ts'];

/** The same order every run: the slow files last, the rest by name. Vitest's own order puts the
 *  file that failed last first, so the differential test ran first after every mutant it killed. */
class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const slow = (file: TestSpecification) => SLOW.some((name) => file.moduleId.endsWith(`/${name}`));
    return [...files].sort((a, b) => Number(slow(a)) - Number(slow(b)) || a.moduleId.localeCompare(b.moduleId));
  }
}

/** `MUTATE_TESTS=test/a.test.ts,test/b.test.ts npm run mutate -- --mutate chapters/a.ts`: only these
 *  files' tests face the mutants. Not Stryker's own `--testFiles`: with it, Stryker 9.6 switches a
 *  mutant of a chapter's top-level code on only after the chapter has loaded, so it never acts and
 *  survives whatever the tests say. */
const only = process.env.MUTATE_TESTS?.split(',').filter((file) => file !== '');

export default defineConfig({
  test: {
    ...shared,
    include: only ?? [...(unit.include ?? []), ...(sockets.include ?? [])],
    exclude: [...(browser.include ?? []), 'test/**/*.types.test.ts', ...AS_PROGRAMS],
    // Stryker rewrites every line of a file it mutates: tests that count the chapters' lines skip.
    testTimeout: MUTANT_TEST_MS,
    expect: { poll: { timeout: MUTANT_WAIT_MS } },
    provide: { ...shared.provide, waitMs: MUTANT_WAIT_MS, instrumentedChapters: true },
    sequence: { sequencer: QuickFirst },
  },
});
