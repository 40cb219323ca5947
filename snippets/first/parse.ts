export interface Request {
  resource: string;
  headers: Map<string, string>;
  parameters: Map<string, string>;
}

/** The draft's `http-assertion-error`: a rule of the request was broken. */
export class HttpAssertionError extends Error {}

export function assertHttp(holds: boolean, rule: string): void {
  if (!holds) throw new HttpAssertionError(rule);
}

/** `parse-params`: `room=lobby&name=Ada` → [room, lobby], [name, Ada]. */
function parseParams(text: string | undefined): [string, string][] {
  if (!text) return [];
  return text.split('&').map((pair) => {
    const [name = '', value = ''] = pair.split('=');
    return [name, value];
  });
}

/** `parse`: the whole request text, cut into lines, and each line cut by spaces. */
export function parse(text: string): Request {
  const lines = text.split(/\r?\n/);
  const [, path = '', version] = lines.shift()!.split(' ');
  assertHttp(version === 'HTTP/1.1', 'the request must be HTTP/1.1');
  const [resource = '', query] = path.split('?');
  const headers = new Map<string, string>();
  for (let line = lines.shift(); line; line = lines.shift()) {
    const [name = '', value = ''] = line.split(': ');
    headers.set(name.toLowerCase(), value);
  }
  const body = lines.shift(); // the body's first line, if it came with the head
  const parameters = new Map([...parseParams(query), ...parseParams(body)]);
  return { resource, headers, parameters };
}
