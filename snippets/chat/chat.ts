const room = string(ROOM);
const lastEventId = optional(string(EVENT_ID));

/** GET /source?room=R: this connection hears all that is said in R. A browser coming
 *  back sends the id of the last message it saw (EventSource in a header, a fresh page
 *  in `lastEventId`), and first gets what it missed; `joined` then says it caught up. */
export const source = (channels: Rooms) =>
  streamHandler({ room, lastEventId }, async (args, events, request) => {
    const seen = request.headers.get('last-event-id') ?? args.lastEventId;
    await channels.subscribe(args.room, events, seen);
    events.send({ event: 'joined', data: args.room, retry: RECONNECT_MS });
  });

/** What a message is: the fields the page sends. The server checks them, and the page's
 *  form fields get the same rules as attributes (see the front-end, below). */
export const messageFields = { room, name: string(NAME), message: string(MESSAGE) };

/** POST /send-message: the whole room hears the message, as JSON. */
export const sendMessage = (channels: Rooms) =>
  closingHandler(
    messageFields,
    async ({ room, name, message }) => {
      const json = JSON.stringify({ name, message });
      const heard = await channels.publish(room, json);
      return text(`sent to ${heard} listener${heard === 1 ? '' : 's'}\n`);
    },
  );

/** GET / (or /index): the chat page. */
export const index = closingHandler({}, () => frontEnd.page);
