// Every exercise's check must fail on its starting file and pass on its reference solution, so a
// check can neither rot (stop passing a right answer) nor pass vacuously (pass before any work).
// Everything runs in this process: servers on free ports of 127.0.0.1, stopped by each check (and a
// redis-server child for the checks that need one, skipped with the install hint where it is missing).
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { exercises, solutionFile, starterFile } from './exercises/exercises.ts';
import { runCheck } from './exercises/kit.ts';

const load = async (file: string) => (await import(pathToFileURL(file).href)) as never;
const problems = (results: Awaited<ReturnType<typeof runCheck>>) =>
  results.filter((r) => !r.ok).map((r) => `${r.step}: ${r.problem}`);

describe.each(Object.entries(exercises))('exercise %s', (name, exercise) => {
  const missing = exercise.missing?.();
  if (missing !== undefined) {
    // On CI a missing program is a broken machine, not a reason to skip.
    if (process.env.CI === 'true') throw new Error(`exercise ${name}: ${missing}`);
    console.warn(`skipping exercise ${name}: ${missing}`);
  }
  const it = missing === undefined ? test : test.skip;

  it('fails on the starting file, saying what is not right yet', async () => {
    const results = await runCheck(exercise, await load(starterFile(name)));
    expect(results.length).toBeGreaterThan(0);
    expect(problems(results).length).toBeGreaterThan(0);
    for (const { ok, problem } of results) if (!ok) expect(problem).toMatch(/\S/);
  });

  it('passes on the reference solution', async () => {
    const results = await runCheck(exercise, await load(solutionFile(name)));
    expect(problems(results)).toEqual([]);
  });
});
