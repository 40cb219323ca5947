if (process.argv[1] === import.meta.filename) {
  const names = Object.keys(demonstrations);
  const programs = Object.fromEntries(names.map((n) => [n, () => show(n)]));
  runChosenProgram('failures', { ...programs, all }, 0, 'all');
}
