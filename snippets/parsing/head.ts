/** A parsed head. The body comes later, once `contentLength` bytes of it have arrived. */
export interface Head extends Omit<Request, 'params'> {
  query: string;
  contentLength: number;
}

// RFC 9110 token: methods and header names
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// origin-form, visible ASCII only
const TARGET = /^\/[\x21-\x7e]*$/;

function bad(reason: string): HttpError {
  return new HttpError(400, `400 Bad Request: ${reason}`);
}

export function parseHead(bytes: Uint8Array): Head {
  const [requestLine = '', ...headerLines] = decodeUtf8(bytes, 'the head').split(/\r?\n/);
  const { method, target, version } = parseRequestLine(requestLine);
  const headers = parseHeaders(headerLines.filter((line) => line !== ''));
  const [path = '', query = ''] = splitOnce(target, '?');
  return {
    method, target, version, headers, query,
    path: percentDecode(path, false, 'the path'),
    contentLength: bodyLength(headers),
  };
}
