/** `/send-message` defined again, the first server's code, with the `publish` it is
 *  given: a changed `publish` reaches the chat only through a handler that calls it. */
function defineSendMessage(publish: (channel: string, message: string) => number): void {
  defineClosingHandler(
    '/send-message',
    { room, name: { min: 1, max: 64 }, message: { min: 5, max: 256 } },
    ({ room, name, message }) => {
      const heard = publish(room, JSON.stringify({ name, message }));
      return `sent to ${heard} listener${heard === 1 ? '' : 's'}\n`;
    },
    'text/plain',
  );
}
