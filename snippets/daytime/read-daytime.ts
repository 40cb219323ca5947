/** Connects, reads one line, and lets go of the socket whatever happens. */
export function readDaytime(
  port: number,
  timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST);
    const lines = createInterface({ input: socket });

    let finished = false;
    const finish = (error: Error | null, line = '') => {
      if (finished) return; // several events below can fire; the first decides
      finished = true;
      lines.close();
      socket.destroy(); // release it now, not when the garbage collector runs
      if (error) reject(error);
      else resolve(line);
    };

    lines.once('line', (line) => finish(null, line));
    socket.once('end', () => {
      finish(new Error('the server hung up without sending the time'));
    });
    // readline passes its input's errors (ECONNREFUSED, ...) on as its own.
    lines.once('error', (error) => finish(error));
    socket.setTimeout(timeoutMs, () => {
      finish(new Error(`no answer within ${timeoutMs} ms`));
    });
  });
}
