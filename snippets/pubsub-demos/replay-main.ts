  defineClosingHandler(
    '/send-message',
    { room, name: { min: 1, max: 64 }, message: { min: 5, max: 256 } },
    ({ room, name, message }) => {
      const heard = publish(room, JSON.stringify({ name, message }));
      return `sent to ${heard} listener${heard === 1 ? '' : 's'}\n`;
    },
    'text/plain',
  );
  await serveChat('A first server with replay');
}
