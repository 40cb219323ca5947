export const demonstrations: Record<string, () => Promise<Outcome>> = {
  refused: connectionRefused,
  reset: connectionReset,
  'hung-up': writeAfterHangUp,
  'write-after-end': writeAfterEnd,
  eof: endOfFile,
  'in-use': addressInUse,
  'race-at-once': listenerAtOnce,
  'race-too-late': listenerTooLate,
};

async function show(name: string): Promise<void> {
  try {
    const { seen, detail } = await demonstrations[name]!();
    console.log(`${name}: ${seen} (${detail})`);
  } catch (error) {
    const { message } = error as Error;
    console.log(`${name}: the demonstration itself failed: ${message}`);
    process.exitCode = 1;
  }
}

async function all(): Promise<void> {
  for (const name of Object.keys(demonstrations)) await show(name);
}
