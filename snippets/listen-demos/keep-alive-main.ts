  defineClosingHandler(
    '/send-message',
    { room, name: { min: 1, max: 64 }, message: { min: 5, max: 256 } },
    ({ room, name, message }) => {
      const heard = publish(room, JSON.stringify({ name, message }));
      return `sent to ${heard} listener${heard === 1 ? '' : 's'}\n`;
    },
    'text/plain',
  );
  const port = await start(portFromEnv(4242));
  stopOnSignal(closer(servers[0]!));
  console.log(`A first server keeping alive: the chat on http://${HOST}:${port}/`);
}
