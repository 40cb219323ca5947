export const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 303: 'See Other',
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  500: 'Internal Server Error', 501: 'Not Implemented', 505: 'HTTP Version Not Supported',
};

const NO_CACHE = 'no-cache, no-store, must-revalidate';

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}\r\n`;
}

function headerLines(headers: Record<string, string>): string {
  let lines = '';
  for (const [name, value] of Object.entries(headers)) {
    // A CR or LF in a value would let a handler smuggle in headers
    // (or a whole second response).
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(value)) {
      throw new Error(`refusing to write the malformed header ${JSON.stringify(name)}`);
    }
    lines += `${name}: ${value}\r\n`;
  }
  return lines;
}

/** The exact bytes of a closing response.
 *  Content-Length counts bytes of UTF-8, not characters. */
export function formatResponse(response: Response): Buffer {
  const body = Buffer.from(response.body, 'utf8');
  const head = statusLine(response.status) + headerLines({
    'Content-Type': `${response.contentType}; charset=utf-8`,
    'Cache-Control': NO_CACHE,
    ...response.headers,
    // Framing headers come last: a handler can't override them.
    'Content-Length': String(body.length),
    Connection: 'close',
  });
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), body]);
}
