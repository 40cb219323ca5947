/** Where the head (request line + headers) ends: just past the first empty line,
 *  or -1 if it hasn't arrived yet. Found in bytes, so a multi-byte character split
 *  across packets is harmless. Lines end in CRLF; a bare LF is accepted too,
 *  as RFC 9112 allows. */
export function findHeadEnd(bytes: Buffer): number {
  for (let lf = bytes.indexOf(0x0a); lf !== -1; lf = bytes.indexOf(0x0a, lf + 1)) {
    if (bytes[lf + 1] === 0x0a) return lf + 2;
    if (bytes[lf + 1] === 0x0d && bytes[lf + 2] === 0x0a) return lf + 3;
  }
  return -1;
}
