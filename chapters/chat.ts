// The chat: three handlers declared with the DSL,
// a plain HTML/CSS/JS front-end, npm start.

// #region imports
import { readFileSync } from 'node:fs';
import {
  responseHandler, describe, formAttributes, optional, streamHandler, string,
  type Declaration, type DeclaredHandler,
} from './handlers.ts';
import { start } from './listen.ts';
import { Channels, type EventStream, type ServerSentEvent } from './pubsub.ts';
import { HttpError, Router, text, type Request, type Response } from './routing.ts';
import { fail, portFromEnv, stopOnSignal } from './program.ts';
// #endregion imports

// #region limits
export const ROOM = { min: 1, max: 16 };
export const NAME = { min: 1, max: 64 };
export const MESSAGE = { min: 5, max: 256 };
export const EVENT_ID = { min: 1, max: 64 };
/** How long a browser waits to reconnect a dropped stream. The first event tells it. */
export const RECONNECT_MS = 1000;
// #endregion limits

// #region rooms
/** What the chat needs of its rooms, whoever keeps them: the pubsub chapter's
 *  `Channels`, in this process, or rooms shared by many processes through a broker
 *  (the chapter "More than one process"). Either may answer now or later: the chat
 *  awaits both. */
export interface Rooms {
  /** Adds a subscriber, first replaying what it missed since `lastEventId`;
   *  resolves with how many were replayed. */
  subscribe(
    room: string, stream: EventStream, lastEventId?: string,
  ): number | Promise<number>;
  /** Sends a message to every subscriber of the room under a new id;
   *  resolves with how many it reached. */
  publish(
    room: string, message: string | Omit<ServerSentEvent, 'id'>,
  ): number | Promise<number>;
  /** Ends every stream and lets go of whatever the rooms hold. */
  close(): void | Promise<void>;
}
// #endregion rooms

// #region chat
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
// #endregion chat

// #region router
export function chatRouter(channels: Rooms = new Channels()): Router {
  const page = responseHandler({}, () => frontEnd.page);
  return new Router()
    .on('GET', '/', page)
    .on('GET', '/index', page)
    .on('GET', '/source', source(channels))
    .on('POST', '/send-message', sendMessage(channels))
    .on('GET', '/chat.css', responseHandler({}, () => frontEnd.styles))
    .on('GET', '/chat.js', responseHandler({}, () => frontEnd.script));
}
// #endregion router

// #region front-end
/** The front-end is three plain files next to this one, read once, at start. */
function asset(file: string, contentType: string, headers = {}): Response {
  const body = readFileSync(new URL(file, import.meta.url), 'utf8');
  return { status: 200, contentType, body, headers };
}

/** Only our own files may run or style the page: even if some HTML slipped into it,
 *  no inline script or event handler attribute (`onerror=…`) would run. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Each `<input name="…">` of the page whose name is declared gets that parameter's rules
 *  as attributes: `<input name="room">` is served as
 *  `<input name="room" required minlength="1" maxlength="16">`. */
function withRules(page: Response, declaration: Declaration): Response {
  const input = /<input\b[^>]*\sname="([^"]*)"[^>]*?(?=\s*>)/g;
  const body = page.body.replace(input, (tag, name: string) =>
    Object.hasOwn(declaration, name)
      ? [tag, ...formAttributes(declaration[name]!)].join(' ')
      : tag);
  return { ...page, body };
}

const frontEnd = {
  page: withRules(asset('chat.html', 'text/html', {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  }), messageFields),
  styles: asset('chat.css', 'text/css'),
  script: asset('chat.js', 'text/javascript'),
};
// #endregion front-end

// #region main
/** Serves the chat on PORT (4242), with its rooms in this process unless given others. */
export async function main(channels: Rooms = new Channels()): Promise<void> {
  if (process.argv.includes('--describe')) {
    console.log(`GET /source is ${describe(source(channels))}\n`);
    console.log(`POST /send-message is ${describe(sendMessage(channels))}`);
    return;
  }
  const server = await start(chatRouter(channels), {
    port: portFromEnv(4242),
    host: process.env.HOST ?? '127.0.0.1',
  });
  // Before saying we're ready: a Ctrl-C may come next.
  stopOnSignal(async () => {
    // Ends every stream: browsers reconnect after their retry delay.
    await channels.close();
    return server.stop();
  });
  console.log(`House chat on http://${server.host}:${server.port}/`);
  console.log('Open it in two windows, pick a room, and talk. Ctrl-C stops the server.');
}
// #endregion main

// #region run
if (process.argv[1] === import.meta.filename) {
  main().catch((error) => fail('house', error));
}
// #endregion run
