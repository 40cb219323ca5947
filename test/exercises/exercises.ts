// Every exercise: its name (`<chapter>/<name>`), its check, and where its two files live. The three
// share one path: the check test/exercises/checks/daytime/zone.ts is the exercise `daytime/zone`, whose
// starting file is the reader's (chapters/exercises/daytime/zone.ts) and whose reference solution is kept
// out of the way (test/exercises/solutions/daytime/zone.ts), for the tests and for reading afterwards.
// A new exercise is registered by adding its three files: the checks are found by reading the folder.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Exercise } from './kit.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const checks = join(root, 'test', 'exercises', 'checks');

/** Loads the check in `file` (a path under checks/), named by that path without `.ts`. */
async function load(file: string): Promise<[string, Exercise<never>]> {
  const module = await import(pathToFileURL(join(checks, file)).href) as { exercise: Exercise<never> };
  return [file.replace(/\.ts$/, ''), module.exercise];
}

// Each check is typed by its own starting file; here they only need to be run.
export const exercises: Record<string, Exercise<never>> = Object.fromEntries(await Promise.all(
  readdirSync(checks, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts')).sort().map(load),
));

export function starterFile(name: string): string {
  return join(root, 'chapters', 'exercises', `${name}.ts`);
}

export function solutionFile(name: string): string {
  return join(root, 'test', 'exercises', 'solutions', `${name}.ts`);
}
