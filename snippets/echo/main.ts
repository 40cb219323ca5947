if (process.argv[1] === import.meta.filename && process.argv[2] === CHILD) {
  serveSentSockets(echoInChild); // one of the pool's children, not a program of the menu
} else if (process.argv[1] === import.meta.filename) {
  runChosenProgram(
    'echo',
    {
      serial: (port) => serveEcho(createSerialEchoServer(), port, 'one at a time'),
      server: (port) => serveEcho(createEchoServer(), port, 'everyone at once'),
      pool,
      client,
      'multiplexed-client': multiplexed,
      pressure,
    },
    ECHO_PORT,
    'pressure',
  );
}
