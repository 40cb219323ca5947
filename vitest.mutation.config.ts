// The tests Stryker runs against each mutant (`npm run mutate`, see stryker.config.mjs): the unit
// and sockets tiers of vitest.config.ts, as one flat list, with its timeouts and its `waitMs`.
// No browser tier (the site build and Chromium have nothing to say about the core's mutants), and
// no type-level tests (they check types, which a mutant of the emitted code never changes).
import { defineConfig } from 'vitest/config';
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
  'test/built.test.ts'];

export default defineConfig({
  test: {
    ...shared,
    include: [...(unit.include ?? []), ...(sockets.include ?? [])],
    exclude: [...(browser.include ?? []), 'test/**/*.types.test.ts', ...AS_PROGRAMS],
    // Stryker rewrites every line of a file it mutates: tests that count the chapters' lines skip.
    provide: { ...shared.provide, instrumentedChapters: true },
  },
});
