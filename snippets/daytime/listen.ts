/** Listens on HOST; resolves with the real port (for 0, the system picks one). */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject); // EADDRINUSE comes as an event, not a throw
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
