/** One connection, one request, one reply. Bytes after the request are read and dropped:
 *  every closing response says `Connection: close`,
 *  so a client never expects them answered. */
function serveConnection(connection: Socket, router: Router, limits: Limits): void {
  let received = Buffer.alloc(0);
  let state: 'reading' | 'handling' | 'replied' = 'reading';

  const reply = (answer: Reply) => {
    state = 'replied';
    clearTimeout(tooSlow);
    if (connection.destroyed) return;  // the client left while the handler was working
    try {
      writeReply(connection, answer);
    } catch (error) {
      // A stream that failed to open has already sent its head: all we can do is hang up.
      if (isStream(answer)) connection.destroy();
      else writeReply(connection, errorResponse(error));
    }
    if (!isStream(answer)) setTimeout(() => connection.destroy(), CLOSE_GRACE_MS).unref();
  };

  const tooSlow = setTimeout(() => {
    const waited = limits.requestTimeoutMs;
    reply(errorResponse(new HttpError(408,
      `408 Request Timeout: the request took longer than ${waited} ms to arrive`)));
  }, limits.requestTimeoutMs);

  connection.on('data', (chunk: Buffer) => {
    if (state !== 'reading') return;
    received = Buffer.concat([received, chunk]);
    let request: Request | undefined;
    try {
      request = readRequest(received, limits.maxRequestBytes);
    } catch (error) {
      return reply(errorResponse(error));
    }
    if (request) {
      state = 'handling';
      clearTimeout(tooSlow);
      void router.handle(request).then(reply);
    }
  });

  // The client has finished sending. Mid-request, that request will never complete:
  // say so. While handling, the reply is still to come. After it, we're done
  // (or the stream's reader left).
  connection.on('end', () => {
    if (state === 'reading') {
      const message = '400 Bad Request: the connection ended in the middle of a request';
      reply(errorResponse(new HttpError(400, message)));
    } else if (state === 'replied') {
      connection.end();
    }
  });
  // Resets, hang-ups, writes after close: this client's problem, not the server's.
  // 'close' follows.
  connection.on('error', () => connection.destroy());
  connection.on('close', () => clearTimeout(tooSlow));
}
