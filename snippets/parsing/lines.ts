/** Finds the CRLF-ended lines of a request (its head, a chunked body's size lines and
 *  trailers) one after another, resuming where it stopped. A bare LF, or a CR followed
 *  by anything but LF, is refused as soon as the byte that proves it is here. */
class Lines {
  /** Where the next line starts. */
  start = 0;
  #lf = 0;                    // how far the search for the next LF got
  #cr = 0;                    // how far the search for the next CR got

  /** The next line, without its CRLF, once all of it is here: as text, read strictly
   *  as UTF-8. */
  next(bytes: Buffer, where: string): string | undefined {
    const lf = bytes.indexOf(LF, this.#lf);
    const end = lf === -1 ? bytes.length : lf;
    const cr = bytes.indexOf(CR, this.#cr);
    if (cr !== -1 && cr < end - 1) throw bad(`a bare CR in ${where}; CR comes before LF`);
    if (lf === -1) {
      this.#lf = end;
      this.#cr = cr === -1 ? end : cr;  // a CR at the very end waits for its LF
      return undefined;  // not all here yet
    }
    if (cr === -1 || cr !== lf - 1) throw bad(`a bare LF in ${where}; lines end in CRLF`);
    const line = lineText(bytes, this.start, cr, where);
    this.skipTo(lf + 1);
    return line;
  }

  /** Goes on from `position` (past a chunk's bytes, which are not lines). */
  skipTo(position: number): void {
    this.start = this.#lf = this.#cr = position;
  }

}

/** Most lines are ASCII, which is UTF-8 as it is; any other is decoded, strictly. */
function lineText(bytes: Buffer, start: number, end: number, where: string): string {
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) return decodeUtf8(bytes.subarray(start, end), where);
  }
  return bytes.toString('latin1', start, end);
}
