/** Serves the chat on PORT (4242), with its rooms in this process unless given others. */
export async function main(channels: Rooms = new Channels()): Promise<void> {
  if (process.argv.includes('--describe')) {
    console.log(`GET /source is ${describe(source(channels))}\n`);
    console.log(`POST /send-message is ${describe(sendMessage(channels))}`);
    return;
  }
  const server = await start(chatRouter(channels), {
    port: portFromEnv(4242),
    host: process.env.HOST ?? '127.0.0.1',
  });
  // Before saying we're ready: a Ctrl-C may come next.
  stopOnSignal(async () => {
    // Ends every stream: browsers reconnect after their retry delay.
    await channels.close();
    return server.stop();
  });
  console.log(`House chat on http://${server.host}:${server.port}/`);
  console.log('Open it in two windows, pick a room, and talk. Ctrl-C stops the server.');
}
