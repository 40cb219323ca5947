/** `uri-decode`: a form sends `%XX` escapes, and `+` for a space. */
export function uriDecode(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}

const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
export const atLeast = (n: number) => `must be at least ${characters(n)}`;
export const atMost = (n: number) => `must be at most ${characters(n)}`;
