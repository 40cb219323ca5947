const NO_CACHE = 'no-cache, no-store, must-revalidate';
/** A browser must take every body for the type it is said to be: never guess that text
 *  is HTML, or a script (a body may repeat what a stranger sent). */
const NO_SNIFFING = { 'X-Content-Type-Options': 'nosniff' };
/** Only the server decides how a message is framed,
 *  whatever letter case a handler uses. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection']);

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}\r\n`;
}

/** Header lines, later names replacing earlier ones in any letter case. */
function headerLines(...groups: Record<string, string>[]): string {
  const merged = new Map<string, string>();
  for (const group of groups) {
    for (const name in group) {
      const value = group[name]!;
      // A CR or LF in a value would let a handler smuggle in headers
      // (or a whole second response).
      if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) {
        throw new Error(`refusing to write the malformed header ${JSON.stringify(name)}`);
      }
      const key = name.toLowerCase();
      merged.delete(key);
      merged.set(key, `${name}: ${value}\r\n`);
    }
  }
  let lines = '';
  for (const line of merged.values()) lines += line;
  return lines;
}

/** The headers a handler set, less those only the server may set. */
function handlerHeaders(headers: Record<string, string> = {}): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) {
    if (!FRAMING.has(name.toLowerCase())) kept[name] = headers[name]!;
  }
  return kept;
}

export interface Framing {
  /** Say `Connection: keep-alive` (true) or `close` (false). */
  keepAlive: boolean;
  /** An answer to HEAD: the head a GET would get, without its body. */
  headOnly?: boolean;
}

/** The exact bytes of a response.
 *  Content-Length counts bytes of UTF-8, not characters. */
export function formatResponse(
  response: Response, { keepAlive, headOnly = false }: Framing = { keepAlive: false },
): Buffer {
  const head = statusLine(response.status) + headerLines(
    {
      'Content-Type': `${response.contentType}; charset=utf-8`,
      'Cache-Control': NO_CACHE,
    },
    handlerHeaders(response.headers),
    NO_SNIFFING,
  ) + `Content-Length: ${Buffer.byteLength(response.body, 'utf8')}\r\n` +
    `Connection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`;
  return Buffer.from(headOnly ? head : head + response.body, 'utf8');
}

/** What a client that sent `Expect: 100-continue` waits for before sending its body. */
export const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
