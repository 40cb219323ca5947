  const handle = (request: Request) =>
    body(readArguments(declaration, request.params), request);
