if (process.argv[1] === import.meta.filename) {
  /** Reads every request in a string of bytes, the way a connection will. */
  const show = (raw: string) => {
    console.log(`\n${JSON.stringify(raw)}`);
    // latin1 keeps \xNN escapes as single raw bytes
    const reader = new RequestReader(64 * 1024);
    reader.append(Buffer.from(raw, 'latin1'));
    try {
      for (let request = reader.request(); request; request = reader.request()) {
        const { method, path, version, headers, params } = request;
        const body = Buffer.from(request.body).toString();  // bytes, for handlers to read
        console.log(`  → ${method} ${path} ${version}`, { headers, params, body });
      }
      if (reader.buffered > 0) {
        console.log(`  … ${reader.buffered} bytes wait for the rest`);
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      console.log(`  → ${error.status} ${STATUS_TEXT[error.status]}: ${error.message}`);
    }
  };
  const samples = [
    'GET /search?q=caf%C3%A9+au+lait&page=2 HTTP/1.1\r\n' +
      'Host: example.com\r\nACCEPT: text/html\r\n\r\n',
    'POST /send?room=lobby HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      'Content-Length: 40\r\n\r\nname=Ada&message=hello%2C+world&room=two',
    'GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\nGET /thr',
    'POST /send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\n\r\n' +
      '5\r\nname=\r\n3\r\nAda\r\n0\r\n\r\n',
    'GET /?__proto__=1&constructor=2 HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET / HTTP/1.1 extra\r\n\r\n',
    'GET / HTTP/2.0\r\n\r\n',
    'GET / HTTP/1.1\r\nHost example.com\r\n\r\n',
    'GET / HTTP/1.1\nHost: x\n\n',
    'GET / HTTP/1.1\r\n\r\n',
    'GET /?q=%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n' +
      'Content-Length: 5\r\n\r\nhello',
  ];
  for (const raw of samples) show(raw);
}
