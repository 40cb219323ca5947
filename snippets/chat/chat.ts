const room = string(ROOM);

/** GET /source?room=R: this connection hears all that is said in R. */
export const source = (channels: Channels) =>
  streamHandler({ room }, ({ room }, connection) => {
    const joined = { event: 'joined', data: room, retry: RECONNECT_MS };
    connection.write(formatEvent(joined));
    channels.subscribe(room, connection);
  });

/** POST /send-message: the whole room hears the message, as JSON. */
export const sendMessage = (channels: Channels) =>
  closingHandler(
    { room, name: string(NAME), message: string(MESSAGE) },
    ({ room, name, message }) => {
      const json = JSON.stringify({ name, message });
      const heard = channels.publish(room, json);
      return text(`sent to ${heard} listener${heard === 1 ? '' : 's'}\n`);
    },
  );

/** GET / (or /index): the chat page. */
export const index = closingHandler({}, () => frontEnd.page);
