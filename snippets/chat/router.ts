export function chatRouter(channels: Rooms = new Channels()): Router {
  const page = closingHandler({}, () => frontEnd.page);
  return new Router()
    .on('GET', '/', page)
    .on('GET', '/index', page)
    .on('GET', '/source', source(channels))
    .on('POST', '/send-message', sendMessage(channels))
    .on('GET', '/chat.css', closingHandler({}, () => frontEnd.styles))
    .on('GET', '/chat.js', closingHandler({}, () => frontEnd.script));
}
