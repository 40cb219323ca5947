export function chatRouter(channels: Rooms = new Channels()): Router {
  return new Router()
    .on('GET', '/', index)
    .on('GET', '/index', index)
    .on('GET', '/source', source(channels))
    .on('POST', '/send-message', sendMessage(channels))
    .on('GET', '/chat.css', closingHandler({}, () => frontEnd.styles))
    .on('GET', '/chat.js', closingHandler({}, () => frontEnd.script));
}
