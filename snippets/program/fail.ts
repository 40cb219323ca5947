/** A program's last words when it can't go on: what went wrong, in one line (no stack
 *  trace), and a failing exit status. */
export function fail(who: string, error: unknown): never {
  console.error(`${who}: ${(error as Error).message}`);
  process.exit(1);
}
