const room = string(ROOM);
const lastEventId = optional(string(EVENT_ID));

/** GET /source?room=R: this connection hears all that is said in R. A browser coming
 *  back sends the id of the last message it saw (EventSource in a header, a fresh page
 *  in `lastEventId`), and first gets what it missed; `joined` then says it caught up. */
export const source = (channels: Rooms) => withLastEventIdHeader(
  streamHandler({ room, lastEventId }, async (args, events, request) => {
    const seen = request.headers.get('last-event-id') ?? args.lastEventId;
    await channels.subscribe(args.room, events, seen);
    events.send({ event: 'joined', data: args.room, retry: RECONNECT_MS });
  }),
);

/** A declaration reads the query and the form, not headers: the `Last-Event-ID` header
 *  gets the rules of the `lastEventId` parameter here, before the stream starts, so a
 *  broken one is a plain 400 that names it. */
function withLastEventIdHeader<D extends Declaration>(
  handler: DeclaredHandler<D>,
): DeclaredHandler<D> {
  const handle = (request: Request) => {
    const header = request.headers.get('last-event-id');
    const checked = lastEventId.read(header === undefined ? [] : [header]);
    if (!checked.ok) throw new HttpError(400, `Last-Event-ID: ${checked.rule.message}`);
    return handler(request);
  };
  return Object.assign(handle, { kind: handler.kind, declaration: handler.declaration });
}

/** What a message is: the fields the page sends. The server checks them, and the page's
 *  form fields get the same rules as attributes (see the front-end, below). */
export const messageFields = { room, name: string(NAME), message: string(MESSAGE) };

/** POST /send-message: the whole room hears the message, as JSON. */
export const sendMessage = (channels: Rooms) =>
  responseHandler(
    messageFields,
    async ({ room, name, message }) => {
      const json = JSON.stringify({ name, message });
      const heard = await channels.publish(room, json);
      return text(`sent to ${heard} listener${heard === 1 ? '' : 's'}\n`);
    },
  );
