  #received(chunk: Buffer): void {
    // Read, and dropped:
    if (this.#state === 'streaming' || this.#state === 'closing') return;
    this.#turnStarted = Date.now();
    this.#reader.append(chunk);
    this.#advance();
  }

  /** The one place that decides what comes next, after bytes, an answer or the client's
   *  end: nothing while a request is being answered; else the next request, if it's
   *  here; and once the client has finished sending and all it sent is answered, the
   *  close. */
  #advance(): void {
    if (this.#state === 'handling' || this.#state === 'draining') return this.#holdBack();
    if (this.#state === 'idle' && this.#reader.buffered > 0) {
      this.#state = 'reading';
      this.#wait(this.limits.requestTimeoutMs);
    }
    if (this.#state === 'reading' && this.#takeRequest()) return;  // it is being answered
    if (!this.#clientDone) return;
    if (this.#state !== 'reading' || this.#reader.buffered === 0) return this.#close();
    // Mid-request: that request can never complete. Say so.
    this.fail(new HttpError(400, 'the connection ended in the middle of a request'));
  }

  /** Starts on the next request if all of it is here, and says whether it did; says
   *  `100 Continue` if the client waits for that; refuses it if it's bad. */
  #takeRequest(): boolean {
    let request: Request | undefined;
    try {
      const head = this.#reader.head();
      if (!head) return false;
      // Refused on its head alone (404, 405, 501)? Then the body is never asked for.
      if (head.expectsContinue) this.router.find(head.method, head.path);
      request = this.#reader.request();
      this.#keepAlive = head.keepAlive;
      if (!request && head.expectsContinue && !this.#continued) {
        this.#continued = true;
        this.socket.write(CONTINUE);
      }
    } catch (error) {
      // After a bad request we can't know where the next one would start: close.
      this.fail(error);
    }
    if (request) this.#handle(request);
    return request !== undefined;
  }

  /** Runs the request's handler now, or, once this connection has had its turn, as soon
   *  as everyone else has had theirs: a client that pipelines hundreds of requests must
   *  not freeze the server, as one long chain of callbacks, until all are answered. */
  #handle(request: Request): void {
    this.#state = 'handling';
    this.#continued = false;
    this.#stopWaiting();
    if (Date.now() - this.#turnStarted < this.limits.turnMs) return this.#run(request);
    setImmediate(() => {
      this.#turnStarted = Date.now();
      this.#run(request);
    });
  }

  #run(request: Request): void {
    void this.router.handle(request).then((reply) => this.#reply(request, reply));
  }

  /** A client may send its next requests before this one is answered (pipelining). They
   *  wait, unread, in the reader; once more than a request's worth waits, we stop
   *  reading, and the rest waits in the kernel, which in time tells the client
   *  to stop sending. */
  #holdBack(): void {
    if (this.#reader.buffered > this.limits.maxRequestBytes) this.socket.pause();
  }
