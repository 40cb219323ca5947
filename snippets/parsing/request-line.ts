/** Methods whose head is followed by bytes that are not HTTP/1 requests (llhttp hands
 *  them to another protocol): refused, so that nothing after them is read as one. */
const NOT_HTTP_1 = new Map([
  ['CONNECT', 'CONNECT asks for a tunnel, and this server is not a proxy'],
  ['PRI', 'PRI begins HTTP/2, and this server speaks HTTP/1.1 and 1.0'],
]);

type RequestLine = {
  method: string; target: string; version: string; path: string; query: string;
  /** The host an absolute-form target names. */
  authority?: string;
};

function parseRequestLine(line: string): RequestLine {
  const parts = line.split(' ');
  if (parts.length !== 3) {
    const got = JSON.stringify(line);
    throw bad(`the request line must be "METHOD /path HTTP/1.1", got ${got}`);
  }
  const [method = '', target = '', version = ''] = parts;
  if (!TOKEN.test(method)) throw bad(`malformed method ${JSON.stringify(method)}`);
  const notHttp1 = NOT_HTTP_1.get(method);
  if (notHttp1) throw new HttpError(501, notHttp1);
  const { authority, pathAndQuery } = readTarget(target);
  if (!/^HTTP\/\d\.\d$/.test(version)) {
    throw bad(`malformed HTTP version ${JSON.stringify(version)}`);
  }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    throw new HttpError(505, `${version}; this server speaks HTTP/1.1 and 1.0`);
  }
  const [path = '', query = ''] = splitOnce(pathAndQuery, '?');
  const decoded = percentDecode(path, false, 'the path');
  return { method, target, version, path: decoded, query, authority };
}

/** `/index?x` as it is; `http://host/index?x` → its authority `host` and `/index?x`
 *  (RFC 9112 §3.2.2: a server must accept the absolute form too). */
function readTarget(target: string): { authority?: string; pathAndQuery: string } {
  if (ORIGIN_FORM.test(target)) return { pathAndQuery: target };
  const absolute = ABSOLUTE_FORM.exec(target);
  if (!absolute) {
    const got = JSON.stringify(target);
    throw bad(
      `the target must be a path starting with "/" (or an http:// URL), got ${got}`);
  }
  const [, authority = '', rest = ''] = absolute;
  if (!AUTHORITY.test(authority)) {
    throw bad(`malformed host ${JSON.stringify(authority)} in the target`);
  }
  return { authority, pathAndQuery: rest.startsWith('/') ? rest : `/${rest}` };
}
