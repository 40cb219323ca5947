  /** `make-closing-handler`, no longer closing: read each parameter, check it, run
   *  the body, write the response; the connection stays open for the next. */
  function defineClosingHandler<Declared extends Record<string, Rule>>(
    path: string,
    declared: Declared,
    body: (args: Arguments<Declared>) => string,
    contentType = 'text/html',
  ): void {
    bindHandler(path, (socket, parameters) => {
      const args = readArguments(declared, parameters);
      write({ status: '200 OK', contentType, body: body(args) }, socket);
    });
  }
