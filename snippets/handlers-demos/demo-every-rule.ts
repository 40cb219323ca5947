/** The chat's `/send-message` declaration, as chapters/first.ts writes it. */
const MESSAGE = {
  room: { min: 1, max: 16 }, name: { min: 1, max: 64 }, message: { min: 5, max: 256 },
};

/** Reads each bad form with the `readArguments` above, as the first server would
 *  parse it, and prints what it read or every rule it found broken. */
function everyRule(): void {
  for (const [why, form] of BAD_FORMS) {
    console.log(`${why}: ${form}`);
    const { parameters } = parse(`POST /send-message HTTP/1.1\r\n\r\n${form}`);
    try {
      const args = readArguments(MESSAGE, parameters);
      console.log(`  read ${JSON.stringify(args)}`);
    } catch (error) {
      if (!(error instanceof HttpAssertionError)) throw error;
      for (const line of error.message.split('\n')) console.log(`  ${line}`);
    }
  }
}
