  defineSendMessage(publish);
  await serveChat('A first server with replay');
}
