// tier: unit
// The whole project type-checks, as `npm run typecheck` checks it: every chapter, every test and the site's
// config. The type-level tests (handlers.types.test.ts) are checked here too: an expectTypeOf line whose
// type is wrong, or a @ts-expect-error line with no error under it, is an error like any other.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

/** tsc's exit status and what it printed: each error with its file, line and code. */
function typecheck(): Promise<{ status: number; output: string }> {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', 'tsconfig.json'], { cwd: root }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe('the project', () => {
  it('type-checks with tsc, chapters, tests and the site config alike', async () => {
    const { status, output } = await typecheck();
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
