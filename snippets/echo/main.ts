if (process.argv[1] === import.meta.filename) {
  runChosenProgram(
    'echo',
    {
      serial: (port) => serve(createSerialEchoServer(), port, 'one at a time'),
      server: (port) => serve(createEchoServer(), port, 'everyone at once'),
      client,
      pressure,
    },
    ECHO_PORT,
    'pressure',
  );
}
