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

/** A port nobody listens on right now: the one the system picks for a server that
 *  we close at once. For a helper program, such as a database, that needs a port. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, 0);
  await new Promise((closed) => probe.close(closed));
  return port;
}
