  #tooSlow(): void {
    const waited = this.limits.requestTimeoutMs;
    const late = new HttpError(408, `the request took longer than ${waited} ms to arrive`);
    this.#close(formatResponse(errorResponse(late)));
  }

  /** The client has finished sending. Mid-request, that request can never complete: say so.
   *  While handling, the answer is still to come. Otherwise we're done too. */
  #ended(): void {
    this.#clientDone = true;
    if (this.#state === 'reading' && this.#reader.buffered > 0) {
      const cut = new HttpError(400, 'the connection ended in the middle of a request');
      this.#close(formatResponse(errorResponse(cut)));
    } else if (this.#state !== 'handling') {
      this.#close();
    }
  }

  /** Sends the last bytes, if any, and closes our side. We go on reading (and dropping)
   *  for a grace period once they are out: closing a socket with unread bytes in it
   *  resets the connection, and a reset can destroy our answer before the client reads it. */
  #close(last?: Buffer): void {
    if (this.#state === 'closing') return;
    this.#state = 'closing';
    this.#stopWaiting();
    this.socket.resume();
    this.socket.once('finish', () => {
      this.#wait(this.limits.closeGraceMs, () => this.socket.destroy());
    });
    if (last) this.socket.end(last);
    else this.socket.end();
  }

  #wait(ms: number, then: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(then, ms);
  }

  /** Lets go of the timer too: a stream may stay open for hours, and a cleared timer
   *  still holds its callback (and so this connection's memory) for as long as we do. */
  #stopWaiting(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
