  #idOf(seq: number): string {
    return `${this.#epoch}-${seq}`;
  }

  /** The sequence number inside one of our ids, or undefined for anything else. */
  #seqOf(id: string): number | undefined {
    const match = /^([0-9a-z]+)-(0|[1-9][0-9]{0,15})$/.exec(id);
    if (match === null || match[1] !== this.#epoch) return undefined;
    const seq = Number(match[2]);
    return seq <= this.#lastSeq ? seq : undefined;
  }
