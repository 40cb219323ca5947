export type Program = (port: number) => void | Promise<void>;

/** The port comes from the environment; `PORT=0` means "any free port". */
export function portFromEnv(fallback: number): number {
  const text = process.env.PORT ?? String(fallback);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    const got = JSON.stringify(text);
    throw new Error(`PORT must be a whole number from 0 to 65535, got ${got}`);
  }
  return port;
}

/** Runs the program named by the first argument. With no argument it runs `fallback`, a short
 *  demonstration that ends by itself, and says which other programs there are. */
export function runChosenProgram(
  chapter: string,
  programs: Record<string, Program>,
  defaultPort: number,
  fallback: string,
): void {
  const given = process.argv[2];
  const name = given ?? fallback;
  const program = programs[name];
  const file = `chapters/${chapter}.ts`;
  const usage = `Usage: [PORT=${defaultPort}] npx tsx ${file} <${Object.keys(programs).join('|')}>`;
  let port: number | undefined;
  try {
    port = portFromEnv(defaultPort);
  } catch (error) {
    console.error((error as Error).message);
  }
  if (program === undefined || port === undefined) {
    if (program === undefined) console.error(`Unknown program ${JSON.stringify(name)}.`);
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  if (given === undefined) console.log(`Running "${fallback}". ${usage}
`);
  void program(port); // each handles its own failures, or deliberately doesn't
}
