// npm run exercise <chapter>/<name>: checks the reader's file for that exercise and says what
// passes and what is not right yet. `--solution` checks the reference solution instead.
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exercises, solutionFile, starterFile } from './exercises.ts';
import { runCheck } from './kit.ts';

async function main(args: string[]): Promise<number> {
  const name = args.find((arg) => !arg.startsWith('--'));
  const exercise = name === undefined ? undefined : exercises[name];
  if (name === undefined || exercise === undefined) {
    if (name !== undefined) console.error(`There is no exercise ${JSON.stringify(name)}.`);
    console.error('Usage: npm run exercise <chapter>/<name>   (add -- --solution to check the reference solution)');
    console.error(`Exercises:\n${Object.entries(exercises).map(([n, e]) => `  ${n.padEnd(24)} ${e.task}`).join('\n')}`);
    return 2;
  }
  const missing = exercise.missing?.();
  if (missing !== undefined) {
    console.error(`This check cannot run here: ${missing}`);
    return 1;
  }
  const file = args.includes('--solution') ? solutionFile(name) : starterFile(name);
  console.log(`Checking ${relative(process.cwd(), file)}: ${exercise.task}\n`);
  let module: never;
  try {
    module = await import(pathToFileURL(file).href) as never;
  } catch (error) {
    console.error(`Cannot load ${file}: ${(error as Error).message}`);
    return 1;
  }
  const results = await runCheck(exercise, module);
  for (const { step, ok, problem } of results) {
    console.log(`${ok ? '  ✓' : '  ✗'} ${step}`);
    if (problem) console.log(`      ${problem.replaceAll('\n', '\n      ')}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(failed === 0
    ? `\nPass: all ${results.length} steps are right.`
    : `\nNot yet: ${failed} of ${results.length} steps are not right.`);
  return failed === 0 ? 0 : 1;
}

// The code under check may throw where no step can catch it, in one of its own callbacks: say so
// plainly and stop, rather than die with a stack trace from somewhere inside Node.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    console.log(`\n  ✗ the code under check threw outside any step: ${error instanceof Error ? error.stack : String(error)}`);
    console.log('\nNot yet: fix that first.');
    process.exit(1);
  });
}

// Exit explicitly: a server or timer left running by the code under check must not keep us here.
process.exit(await main(process.argv.slice(2)));
