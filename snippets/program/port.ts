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
