  const handle = (request: Request) =>
    body(readArguments(declaration, paramsOf(request)), request);
