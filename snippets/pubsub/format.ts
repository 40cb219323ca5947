/** Frames one event: optional `id:`, `event:`, `retry:` fields,
 *  one `data:` line per line, a blank line. */
export function formatEvent({ data, event, id, retry }: ServerSentEvent): string {
  let frame = '';
  if (id !== undefined) frame += singleLineField('id', id);
  if (event !== undefined) frame += singleLineField('event', event);
  if (retry !== undefined) frame += `retry: ${checkRetry(retry)}\n`;
  for (const line of data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return frame + '\n';
}

/** Frames a comment: a line starting with `:`, which EventSource ignores. */
export function formatComment(text: string): string {
  return `: ${singleLine('comment', text)}\n\n`;
}

/** The SSE format accepts all three line endings, so all three must be split. */
const LINE_BREAK = /\r\n|\r|\n/;
