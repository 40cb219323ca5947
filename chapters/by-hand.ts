// By hand: the chat's POST /send-message without the DSL, written the way the declaration
// would expand if TypeScript had macros. It exists to be compared with the declared one
// (and a test checks that the two answer every request alike).

import { messageFields, sendMessage, type Rooms } from './chat.ts';
import { paramsOf, type Arguments, type Infer } from './handlers.ts';
import { Channels } from './pubsub.ts';
import { HttpError, Router, text, type Handler, type Response } from './routing.ts';

// #region send-message
/** POST /send-message, unrolled: for each parameter, look it up, check how many values
 *  came, then check its length; collect every broken rule; only then do the work.
 *  The limits are written in,
 *  as an expansion would have them (16, 64, 256 in chat.ts). */
export const sendMessageByHand = (channels: Rooms): Handler => async (request) => {
  const problems: string[] = [];
  /** Code points, as the DSL counts them: `'🏠'.length` is 2, `[...'🏠'].length` is 1. */
  const characters = (value: string) => [...value].length;

  const params = paramsOf(request);  // the query's, and the form's
  const rooms = params.get('room') ?? [];
  const room = rooms[0] ?? '';
  if (rooms.length === 0) problems.push('room: is required');
  else if (rooms.length > 1) problems.push('room: must be given only once');
  else if (characters(room) < 1) problems.push('room: must be at least 1 character');
  else if (characters(room) > 16) problems.push('room: must be at most 16 characters');

  const names = params.get('name') ?? [];
  const name = names[0] ?? '';
  if (names.length === 0) problems.push('name: is required');
  else if (names.length > 1) problems.push('name: must be given only once');
  else if (characters(name) < 1) problems.push('name: must be at least 1 character');
  else if (characters(name) > 64) problems.push('name: must be at most 64 characters');

  const messages = params.get('message') ?? [];
  const message = messages[0] ?? '';
  if (messages.length === 0) problems.push('message: is required');
  else if (messages.length > 1) problems.push('message: must be given only once');
  else if (characters(message) < 5) {
    problems.push('message: must be at least 5 characters');
  } else if (characters(message) > 256) {
    problems.push('message: must be at most 256 characters');
  }

  if (problems.length > 0) throw new HttpError(400, problems.join('\n'));

  const json = JSON.stringify({ name, message });
  const heard = await channels.publish(room, json);
  return text(`sent to ${heard} listener${heard === 1 ? '' : 's'}\n`);
};
// #endregion send-message

// #region types
// What TypeScript makes of the declaration, step by step: the type of the body's `args`.
// A `^?` asks for the type of the name just above it; the book shows the answer in a box.

// The declaration, as chat.ts writes it: an object of parameters.
export type Declared = typeof messageFields;
//          ^?
// One name: Infer reads the T back out of a Parameter<T>.
export type Room = Infer<Declared['room']>;
//          ^?
// Every name at once: Arguments maps each through Infer. That is the body's `args`.
export type Args = Arguments<Declared>;
//          ^?
// #endregion types

const FORM_HEADERS = new Map([['content-type', 'application/x-www-form-urlencoded']]);

/** Posts one form to a router, as the parser would hand it over, and gives the answer. */
async function post(router: Router, form: string): Promise<Response> {
  const path = '/send-message';
  const request = {
    method: 'POST', target: path, path, version: 'HTTP/1.1', headers: FORM_HEADERS,
    params: new Map(), body: Buffer.from(form),
  };
  return await router.handle(request) as Response;
}

if (process.argv[1] === import.meta.filename) {
  const declared = new Router().on('POST', '/send-message', sendMessage(new Channels()));
  const byHand = new Router()
    .on('POST', '/send-message', sendMessageByHand(new Channels()));
  const forms = [
    'room=lobby&name=Ada&message=hello+everyone',
    'room=lobby&name=&message=hi',
    'room=a-room-name-too-long&room=lobby' +
      '&message=%F0%9F%8F%A0%F0%9F%8F%A0%F0%9F%8F%A0%F0%9F%8F%A0',
    '',
  ];
  let agreed = 0;
  for (const form of forms) {
    const [a, b] = [await post(declared, form), await post(byHand, form)];
    const same = JSON.stringify(a) === JSON.stringify(b);
    if (same) agreed++;
    console.log(`POST ${JSON.stringify(form)}`);
    console.log(`  declared: ${a.status} ${JSON.stringify(a.body)}`);
    const differ = same ? '' : '   <- they differ!';
    console.log(`  by hand:  ${b.status} ${JSON.stringify(b.body)}${differ}`);
  }
  console.log(`\nThe two agree on ${agreed} of ${forms.length} forms.`);
  process.exitCode = agreed === forms.length ? 0 : 1;
}
