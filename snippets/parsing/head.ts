/** A parsed head. The body comes later: `bodyLength` bytes of it, or chunks until a 0. */
export interface Head extends Omit<Request, 'params'> {
  query: string;
  bodyLength: number | 'chunked';
  /** Whether the connection may carry another request after this one's answer. */
  keepAlive: boolean;
  /** The client waits for `100 Continue` before it sends the body. */
  expectsContinue: boolean;
}

export function parseHead(bytes: Uint8Array, maxBytes = Infinity): Head {
  const text = decodeUtf8(bytes, 'the head');
  const lines = text.slice(0, -4).split('\r\n');
  const requestLine = lines[0] ?? '';
  if (/[\r\n]/.test(requestLine)) throw bad('a bare CR or LF in the request line');
  const { method, target, version } = parseRequestLine(requestLine);
  const headers = parseHeaders(lines.slice(1), version);
  const [path = '', query = ''] = splitOnce(originForm(target), '?');
  return {
    method, target, version, headers, query,
    path: percentDecode(path, false, 'the path'),
    bodyLength: bodyLength(headers, version, maxBytes),
    keepAlive: keepAlive(version, headers),
    expectsContinue: expectsContinue(version, headers),
  };
}

/** HTTP/1.1 keeps the connection unless either side says `close`;
 *  HTTP/1.0 closes it unless the request asks for `keep-alive`. */
export function keepAlive(version: string, headers: Map<string, string>): boolean {
  const connection = headers.get('connection');
  if (connection === undefined) return version === 'HTTP/1.1';
  const options = connection.split(',').map((o) => trimOws(o).toLowerCase());
  if (options.includes('close')) return false;
  return version === 'HTTP/1.1' || options.includes('keep-alive');
}

function expectsContinue(version: string, headers: Map<string, string>): boolean {
  const expect = headers.get('expect');
  if (expect === undefined || version === 'HTTP/1.0') return false;  // RFC 9110 §10.1.1
  if (expect.toLowerCase() !== '100-continue') {
    throw new HttpError(417, `the only expectation this server meets is 100-continue`);
  }
  return true;
}
