if (process.argv[1] === import.meta.filename) {
  /** Parses one complete request held in a string,
   *  the way the server will once all bytes are in. */
  const parse = (raw: string): Request => {
    // latin1 keeps \xNN escapes as single raw bytes
    const bytes = Buffer.from(raw, 'latin1');
    const end = findHeadEnd(bytes);
    if (end === -1) throw new Error('the head is not complete');
    const head = parseHead(bytes.subarray(0, end));
    return parseRequest(head, bytes.subarray(end, end + head.contentLength));
  };
  const samples = [
    'GET /search?q=caf%C3%A9+au+lait&page=2 HTTP/1.1\r\n' +
      'Host: example.com\r\nACCEPT: text/html\r\n\r\n',
    'POST /send?room=lobby HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      'Content-Length: 40\r\n\r\nname=Ada&message=hello%2C+world&room=two',
    'GET /?__proto__=1&constructor=2 HTTP/1.1\r\n\r\n',
    'GET / HTTP/1.1 extra\r\n\r\n',
    'GET / HTTP/2.0\r\n\r\n',
    'GET / HTTP/1.1\r\nHost example.com\r\n\r\n',
    'GET /?q=%E2%82 HTTP/1.1\r\n\r\n',
    'GET /?q=%C3%28 HTTP/1.1\r\n\r\n',
    'GET / HTTP/1.1\r\nX-Name: \xff\r\n\r\n',
    'POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
    'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello',
    'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  ];
  for (const raw of samples) {
    console.log(`\n${JSON.stringify(raw.split('\r\n\r\n')[0])}`);
    try {
      const { method, path, version, headers, params } = parse(raw);
      console.log(`  → ${method} ${path} ${version}`, { headers, params });
    } catch (error) {
      console.log(`  → ${error instanceof HttpError ? error.message : error}`);
    }
  }
}
