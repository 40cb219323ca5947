/** RFC 9110 token: methods and header names, read and written. */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// The two forms of target a server reads (RFC 9112 §3.2), in visible ASCII:
// origin-form `/path?query`, and absolute-form `http://authority/path?query`.
const ORIGIN_FORM = /^\/[\x21-\x7e]*$/;
const ABSOLUTE_FORM = /^https?:\/\/([^/?]*)([/?][\x21-\x7e]*)?$/i;
/** RFC 3986's host (a name, or an IP address in brackets) and an optional port. No
 *  `user@`: RFC 9110 §4.2.4 has a recipient treat it as an error. */
const AUTHORITY =
  /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+)(?::[0-9]*)?$/;
// HTAB is allowed in a value; every other control character is not.
const CONTROL = /[\0-\x08\x0a-\x1f\x7f]/;
const CR = 0x0d;
const LF = 0x0a;

/** HTTP's whitespace is space and tab only. JavaScript's trim() also eats \f, \v and
 *  Unicode spaces, which a proxy in front of us would keep:
 *  two readings of one header. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

const isOws = (code: number) => code === 0x20 || code === 0x09;

function bad(reason: string): HttpError {
  return new HttpError(400, reason);
}

export function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `requests are limited to ${maxBytes} bytes`);
}
