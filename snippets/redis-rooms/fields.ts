/** An event as a stream entry's field-value pairs, and back.
 *  The id is the entry's own. */
function fieldsOf({ data, event, retry }: Omit<ServerSentEvent, 'id'>): string[] {
  const fields = ['data', data];
  if (event !== undefined) fields.push('event', event);
  if (retry !== undefined) fields.push('retry', String(retry));
  return fields;
}

function eventOf(fields: string[]): Omit<ServerSentEvent, 'id'> {
  const entry = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) entry.set(fields[i], fields[i + 1]);
  const [event, retry] = [entry.get('event'), entry.get('retry')];
  return {
    data: entry.get('data') ?? '',
    ...(event !== undefined && { event }),
    ...(retry !== undefined && { retry: Number(retry) }),
  };
}

/** The newest of `frames` whose bytes add up to at most `maxBytes`, in order. */
function newestThatFit(frames: readonly string[], maxBytes: number): readonly string[] {
  let first = frames.length;
  let bytes = 0;
  while (first > 0 && bytes + Buffer.byteLength(frames[first - 1]) <= maxBytes) {
    bytes += Buffer.byteLength(frames[--first]);
  }
  return frames.slice(first);
}

function unavailable(cause: Error): HttpError {
  console.error(`house: a post could not reach Redis: ${cause.message}`);
  const message = 'the chat cannot take messages right now (it cannot reach Redis); ' +
    'try again in a moment';
  return new HttpError(503, message, { 'Retry-After': '1' });
}
