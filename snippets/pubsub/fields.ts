function singleLineField(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) {
    const got = JSON.stringify(value);
    throw new TypeError(`SSE ${name} must be one line without NUL, got ${got}`);
  }
  return `${name}: ${value}\n`;
}

function checkRetry(retry: number): number {
  if (!Number.isSafeInteger(retry) || retry < 0) {
    throw new TypeError(`SSE retry must be a whole number of milliseconds, got ${retry}`);
  }
  return retry;
}
