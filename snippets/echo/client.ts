/** Sends all of `input` to the server; copies all it sends back to `output`. */
export function echoClient(
  port: number,
  input: Readable,
  output: Writable,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST);
    // pipe() does the write/pause/drain/resume dance for us, both ways. When the
    // input ends, it ends the socket: "that's all from me".
    socket.once('connect', () => input.pipe(socket));
    socket.pipe(output, { end: false });
    socket.once('error', reject);
    socket.once('close', (hadError) => {
      input.unpipe(socket);
      if (!hadError) resolve();
    });
  });
}
