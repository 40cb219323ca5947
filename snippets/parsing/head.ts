/** A parsed head. The body comes later: `bodyLength` bytes of it, or chunks until a 0. */
export interface Head extends Omit<Request, 'params' | 'body'> {
  query: string;
  bodyLength: number | 'chunked';
  /** Whether the connection may carry another request after this one's answer. */
  keepAlive: boolean;
  /** The client waits for `100 Continue` before it sends the body. */
  expectsContinue: boolean;
}

/** The head in `bytes` (all of it, its empty line too), read as a RequestReader reads
 *  one, for a request of at most `maxBytes`. */
export function parseHead(bytes: Uint8Array, maxBytes = Infinity): Head {
  const reader = new RequestReader(maxBytes);
  reader.append(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const head = reader.head();
  if (!head) throw bad('the head is incomplete: it ends with an empty line');
  return head;
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
