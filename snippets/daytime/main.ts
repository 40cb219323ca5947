if (process.argv[1] === import.meta.filename) {
  const programs = {
    'first-server': firstServer,
    'first-client': firstClient,
    server,
    client,
    demo,
  };
  runChosenProgram('daytime', programs, DAYTIME_PORT, 'demo');
}
