export type Program = (port: number) => void | Promise<void>;

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
