/** Undoes %XX escapes (and, in query strings and forms, + for space),
 *  then decodes the bytes as UTF-8. */
export function percentDecode(text: string, plusIsSpace: boolean, where: string): string {
  if (!text.includes('%')) {
    return plusIsSpace && text.includes('+') ? text.replaceAll('+', ' ') : text;
  }
  const input = Buffer.from(text, 'utf8');
  const output = Buffer.alloc(input.length);  // decoding only ever shrinks
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i]!;
    if (byte === 0x25 /* % */) {
      const hex = input.toString('latin1', i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw bad(`bad percent-encoding "%${hex}" in ${where}`);
      }
      output[length++] = parseInt(hex, 16);
      i += 2;
    } else {
      output[length++] = byte === 0x2b /* + */ && plusIsSpace ? 0x20 : byte;
    }
  }
  return decodeUtf8(output.subarray(0, length), where);
}
