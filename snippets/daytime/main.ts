if (process.argv[1] === import.meta.filename && process.argv[2] === CHILD) {
  // A forking server's child, not a program of the menu:
  serveSentSockets(tellTheTimeAndGo);
} else if (process.argv[1] === import.meta.filename) {
  const programs = {
    'first-server': firstServer,
    'first-client': firstClient,
    server: (port: number) => serveTime(createDaytimeServer(), port, ''),
    client,
    'forking-server': (port: number) =>
      serveTime(createForkingDaytimeServer(), port, ', a process per client'),
    demo,
  };
  runChosenProgram('daytime', programs, DAYTIME_PORT, 'demo');
}
