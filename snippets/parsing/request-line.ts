type RequestLine = {
  method: string; target: string; version: string; path: string; query: string;
};

function parseRequestLine(line: string): RequestLine {
  const parts = line.split(' ');
  if (parts.length !== 3) {
    const got = JSON.stringify(line);
    throw bad(`the request line must be "METHOD /path HTTP/1.1", got ${got}`);
  }
  const [method = '', target = '', version = ''] = parts;
  if (!TOKEN.test(method)) throw bad(`malformed method ${JSON.stringify(method)}`);
  if (!ORIGIN_FORM.test(target) && !ABSOLUTE_FORM.test(target)) {
    const got = JSON.stringify(target);
    throw bad(
      `the target must be a path starting with "/" (or an http:// URL), got ${got}`);
  }
  if (!/^HTTP\/\d\.\d$/.test(version)) {
    throw bad(`malformed HTTP version ${JSON.stringify(version)}`);
  }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    throw new HttpError(505, `${version}; this server speaks HTTP/1.1 and 1.0`);
  }
  const [path = '', query = ''] = splitOnce(originForm(target), '?');
  return { method, target, version, path: percentDecode(path, false, 'the path'), query };
}

/** `http://host/index?x` → `/index?x` (RFC 9112 §3.2.2: a server must accept it). */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  const path = target.indexOf('/', target.indexOf('//') + 2);
  return path === -1 ? '/' : target.slice(path);
}
