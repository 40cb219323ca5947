function singleLineField(name: string, value: string): string {
  return `${name}: ${singleLine(name, value)}\n`;
}

function singleLine(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) {
    const got = JSON.stringify(value);
    throw new TypeError(`SSE ${name} must be one line without NUL, got ${got}`);
  }
  return value;
}

function checkRetry(retry: number): number {
  if (!Number.isSafeInteger(retry) || retry < 0) {
    throw new TypeError(`SSE retry must be a whole number of milliseconds, got ${retry}`);
  }
  return retry;
}
