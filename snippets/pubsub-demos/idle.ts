/** Nobody speaks for `ms` milliseconds. Does the stream carry anything a proxy, which
 *  closes streams that have been quiet for a while, would see? */
export async function idle(port: number, ms: number, log: Log = console.log) {
  const listener = joinRoom(port, 'idle');
  await listener.until(joined(listener));
  const bytes = listener.bytes;
  await new Promise((resolve) => setTimeout(resolve, ms)); // the silence is the point
  const carried = listener.bytes - bytes; // bytes after `joined`
  const [what, verdict] = carried > 0 ? ['comments', 'keeps'] : ['nothing', 'drops'];
  log(`${ms} ms without a message: the stream carried ${what}`);
  log(`a proxy that drops streams quiet for ${ms} ms ${verdict} this one`);
  listener.socket.destroy();
  return carried;
}
