/** RFC 867 leaves the format free: any human-readable date on one line. */
export function daytimeLine(now = new Date()): string {
  return `${now.toUTCString()}\r\n`;
}
