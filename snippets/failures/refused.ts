/** Nobody listens on the port: the kernel at the other end answers with a reset. */
export async function connectionRefused(): Promise<Outcome> {
  const port = await withServer(() => {}, async (port) => port); // free just now
  const socket = connect(port, HOST);
  const error = await nextError(socket);
  const detail = `${error.message}: nobody is listening there`;
  return { seen: error.code!, detail };
}
