// Reference solution for parsing/header-limit. Kept out of the reader's way: read it after your own.
import { parseHead, type Head } from '../../../../chapters/parsing.ts';
import { HttpError, STATUS_TEXT } from '../../../../chapters/routing.ts';

STATUS_TEXT[431] ??= 'Request Header Fields Too Large';

const LF = 0x0a;

export function parseHeadWithLimit(bytes: Uint8Array, maxFields: number, maxBytes = Infinity): Head {
  // A head is the request line, one line per header, and an empty line: count its line feeds.
  let lines = 0;
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) lines++;
  const fields = lines - 2;
  if (fields > maxFields) {
    throw new HttpError(431, `a request may have at most ${maxFields} header lines, this one has ${fields}`);
  }
  return parseHead(bytes, maxBytes);
}
