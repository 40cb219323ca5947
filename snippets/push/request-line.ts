/**
 * We have not built an HTTP parser yet (the parsing chapter does). Until then:
 * read the request head up to the blank line that ends it, and look only at its
 * first line, the request line, such as `GET /events HTTP/1.1`.
 */
export function readRequestLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1'); // a character per byte: lengths are bytes
      const end = head.indexOf('\r\n\r\n');
      if (end === -1 && head.length <= MAX_HEAD_BYTES) return; // not all here yet
      socket.off('data', onData);
      socket.resume(); // read and ignore the rest; notice when the client leaves
      if (end === -1 || end + 4 > MAX_HEAD_BYTES) {
        reject(new Error(`request head longer than ${MAX_HEAD_BYTES} bytes`));
      } else {
        resolve(head.slice(0, head.indexOf('\r\n')));
      }
    };
    socket.on('data', onData);
  });
}
