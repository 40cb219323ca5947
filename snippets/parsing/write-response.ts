const NO_CACHE = 'no-cache, no-store, must-revalidate';
/** Only the server decides how a message is framed, whatever letter case a handler uses. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection']);

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}\r\n`;
}

/** Header lines, later names replacing earlier ones in any letter case. */
function headerLines(...groups: Record<string, string>[]): string {
  const merged = new Map<string, string>();
  for (const group of groups) {
    for (const [name, value] of Object.entries(group)) {
      // A CR or LF in a value would let a handler smuggle in headers
      // (or a whole second response).
      if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) {
        throw new Error(`refusing to write the malformed header ${JSON.stringify(name)}`);
      }
      merged.delete(name.toLowerCase());
      merged.set(name.toLowerCase(), `${name}: ${value}\r\n`);
    }
  }
  return [...merged.values()].join('');
}

export interface Framing {
  /** Say `Connection: keep-alive` (true) or `close` (false). */
  keepAlive: boolean;
  /** An answer to HEAD: the head a GET would get, without its body. */
  headOnly?: boolean;
}

/** The exact bytes of a response. Content-Length counts bytes of UTF-8, not characters. */
export function formatResponse(
  response: Response, { keepAlive, headOnly = false }: Framing = { keepAlive: false },
): Buffer {
  const body = Buffer.from(response.body, 'utf8');
  const handlerHeaders = Object.fromEntries(Object.entries(response.headers ?? {})
    .filter(([name]) => !FRAMING.has(name.toLowerCase())));
  const head = statusLine(response.status) + headerLines(
    { 'Content-Type': `${response.contentType}; charset=utf-8`, 'Cache-Control': NO_CACHE },
    handlerHeaders,
    { 'Content-Length': String(body.length), Connection: keepAlive ? 'keep-alive' : 'close' },
  ) + '\r\n';
  return headOnly ? Buffer.from(head, 'utf8') : Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

/** What a client that sent `Expect: 100-continue` waits for before sending its body. */
export const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
