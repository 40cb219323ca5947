  /** `start`: listens on `port`, and reads from each connection one request after
   *  another, each as long as its head says, answering each in turn. */
  function start(port: number): Promise<number> {
    const server = createServer((socket) => {
      socket.on('error', () => {}); // a client's reset is no reason to crash
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        let length = requestLength(received);
        while (length !== undefined && socket.writable) {
          answer(socket, received.toString('utf8', 0, length));
          received = received.subarray(length);
          length = requestLength(received);
        }
      };
      socket.on('data', onData);
    });
    servers.push(server);
    return listen(server, port);
  }
