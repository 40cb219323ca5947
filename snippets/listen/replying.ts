  #reply(request: Request, reply: Reply): void {
    if (this.socket.destroyed) return;  // the client left while the handler worked
    this.socket.resume();
    if (isStream(reply)) return this.#stream(request, reply);
    const headOnly = request.method === 'HEAD';
    // A client that has finished sending gets `close` on its last answer.
    const last = this.#clientDone && this.#reader.buffered === 0;
    const stays = this.#keepAlive && !last;
    const bytes = this.#format(reply, { keepAlive: stays, headOnly });
    if (!stays) return this.#close(bytes);
    this.socket.write(bytes);
    if (this.socket.writableLength > this.limits.maxUnsentBytes) this.#drain();
    else this.#ready();
  }

  /** Our answers pile up unread: read no more requests until they have left. The client
   *  gets as long to take them as it had to send a request. */
  #drain(): void {
    this.#state = 'draining';
    this.socket.pause();
    this.#wait(this.limits.requestTimeoutMs);
    this.socket.once('drain', () => {
      this.socket.resume();
      this.#ready();
    });
  }

  /** Ready for the next request, which may be here already (pipelined). */
  #ready(): void {
    this.#state = 'idle';
    this.#wait(this.limits.keepAliveTimeoutMs);
    this.#advance();
  }

  #format(reply: Response, framing: Framing): Buffer {
    try {
      return formatResponse(reply, framing);
    } catch (error) {
      return formatResponse(errorResponse(error), framing);
    }
  }

  /** A stream owns the connection from its head on; whatever else the client sends
   *  is read and dropped (the head says `Connection: close`). */
  #stream(request: Request, { open }: Stream): void {
    this.#state = 'streaming';
    this.#reader.discard();  // nothing after a stream's request is ever read
    this.socket.write(formatStreamHead());
    if (request.method === 'HEAD') return this.#close();
    try {
      const opened = open(new EventStream(this.socket, this.limits.maxUnsentEventBytes));
      if (opened instanceof Promise) opened.catch((error) => this.#streamFailed(error));
    } catch (error) {
      this.#streamFailed(error);
    }
  }

  /** The head has gone out: all we can do is say so in the log, and hang up. */
  #streamFailed(error: unknown): void {
    logHandlerBug(error);
    this.socket.destroy();
  }
