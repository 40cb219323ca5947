function firstServer(port: number): void {
  const server = createServer((socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    console.log(`Got a connection from ${peer}`);
    socket.end(daytimeLine()); // write the line, then hang up
    server.close(); // and stop listening: this server serves exactly one client
  });

  server.listen(port, HOST, () => {
    const { port } = server.address() as AddressInfo;
    console.log(`Waiting for one client on ${HOST}:${port}.`);
    console.log('In another terminal, run:');
    console.log(`  PORT=${port} npx tsx chapters/daytime.ts first-client`);
  });
}
