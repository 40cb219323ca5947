/** Every server `start` made, so a program can stop them. */
export const servers: Server[] = [];

/** Parse, then handle; any error on the way is a 400 that says what went wrong. */
export function answer(socket: Socket, text: string): void {
  try {
    handleRequest(socket, parse(text));
  } catch (error) {
    const rule = error instanceof HttpAssertionError;
    const body = `${rule ? '' : 'bad request: '}${(error as Error).message}\n`;
    fail(socket, { status: BAD_REQUEST, contentType: 'text/plain', body });
  }
}
