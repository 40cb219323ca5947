/** `make-closing-handler`: read each parameter, check it, run the body, write the
 *  response, close. */
export function defineClosingHandler<Declared extends Record<string, Rule>>(
  path: string,
  declared: Declared,
  body: (args: Arguments<Declared>) => string,
  contentType = 'text/html',
): void {
  bindHandler(path, (socket, parameters) => {
    const args = readArguments(declared, parameters);
    write({ status: '200 OK', contentType, body: body(args) }, socket);
    socket.end();
  });
}
