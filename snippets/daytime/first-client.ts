async function firstClient(port: number): Promise<void> {
  const socket = connect(port, HOST);
  const lines = createInterface({ input: socket });
  for await (const line of lines) {
    console.log(line);
    break; // one line is all the daytime protocol sends
  }
  socket.end();
}
