export function chatRouter(channels: Rooms = new Channels()): Router {
  const page = responseHandler({}, () => frontEnd.page);
  return new Router()
    .on('GET', '/', page)
    .on('GET', '/index', page)
    .on('GET', '/source', source(channels))
    .on('POST', '/send-message', sendMessage(channels))
    .on('GET', '/chat.css', responseHandler({}, () => frontEnd.styles))
    .on('GET', '/chat.js', responseHandler({}, () => frontEnd.script));
}
