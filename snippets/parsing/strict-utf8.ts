const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes → text, refusing invalid UTF-8 instead of quietly turning it into U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw bad(`invalid UTF-8 in ${where}`);
  }
}
