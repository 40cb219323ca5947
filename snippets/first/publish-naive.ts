/** The draft's first `publish!`: write the message to every subscriber; that's all. */
export function publishNaive(channel: string, message: string): void {
  for (const socket of channels.get(channel) ?? []) {
    writeEvent({ data: message }, socket);
  }
}
