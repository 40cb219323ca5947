/** Two servers can't listen on one address and port: the second listen() fails. */
export function addressInUse(): Promise<Outcome> {
  return withServer(
    () => {},
    async (port) => {
      const second = createServer();
      try {
        await listen(second, port);
        second.close();
        return { seen: 'nothing', detail: `a second server listened there too` };
      } catch (error) {
        const { code, message } = error as NodeJS.ErrnoException;
        const detail = `${message}: another server already listens there`;
        return { seen: code!, detail };
      }
    },
  );
}
