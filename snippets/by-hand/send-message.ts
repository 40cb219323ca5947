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
