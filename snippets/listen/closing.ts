  #tooSlow(): void {
    const waited = this.limits.requestTimeoutMs;
    this.fail(new HttpError(408, `the request took longer than ${waited} ms to arrive`));
  }

  /** Answers with the error, and closes: nothing after it on this connection is read. */
  fail(error: unknown): void {
    this.#close(formatResponse(errorResponse(error)));
  }

  /** The client has finished sending; it may still wait for answers. */
  #ended(): void {
    this.#clientDone = true;
    this.#advance();
  }

  /** Sends the last bytes, if any, and closes our side. We go on reading (and dropping)
   *  for a grace period once they are out: closing a socket with unread bytes in it
   *  resets the connection, and a reset can destroy our answer before the client
   *  reads it. */
  #close(last?: Buffer): void {
    if (this.#state === 'closing') return;
    this.#state = 'closing';
    // A client that stops reading would keep our answer, and this connection, forever:
    // it gets as long to take the answer as it had to send its request.
    this.#wait(this.limits.requestTimeoutMs);
    this.socket.resume();
    this.socket.once('finish', () => this.#wait(this.limits.closeGraceMs));
    if (last) this.socket.end(last);
    else this.socket.end();
  }

  /** Gives the current state `ms` to end; what happens then depends on the state. */
  #wait(ms: number): void {
    this.#deadline = Date.now() + ms;
  }

  #stopWaiting(): void {
    this.#deadline = Infinity;
  }

  /** The server's clock calls this a few times per shortest limit. */
  checkTime(now: number): void {
    if (now < this.#deadline) return;
    this.#stopWaiting();
    if (this.#state === 'reading') this.#tooSlow();
    else if (this.#state === 'idle') this.#close();  // quietly: nothing was asked
    // It stopped reading its answers, or the last one, or the grace period is over:
    else if (this.#state === 'draining' || this.#state === 'closing') {
      this.socket.destroy();
    }
  }
}
