export type Program = (port: number) => void | Promise<void>;

/** A port number is a whole number from 0 to 65535; 0 means "any free port". */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    const got = JSON.stringify(text);
    throw new Error(`PORT must be a whole number from 0 to 65535, got ${got}`);
  }
  return port;
}

/** The port from the environment variable PORT, or `fallback` if it isn't set.
 *  A bad PORT is a mistake in how the program was started: say so, and exit
 *  with status 2 (the shell's "used wrongly") before starting anything. */
export function portFromEnv(fallback: number): number {
  try {
    return parsePort(process.env.PORT ?? String(fallback));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

/** Runs the program named by the first argument. With no argument it runs `fallback`, a
 *  short demonstration that ends by itself, and says which other programs there are. */
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
  const names = Object.keys(programs).join('|');
  const usage = `Usage: [PORT=${defaultPort}] npx tsx ${file} <${names}>`;
  let port: number | undefined;
  try {
    port = parsePort(process.env.PORT ?? String(defaultPort));
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
