/** Serves the first server's chat with ids: `publish` numbers every message and keeps
 *  each room's last `kept`, and `/source` first sends a subscriber coming back with the
 *  id of the last event it got whatever came after it. */
async function firstWithReplay(kept: number): Promise<void> {
  let lastId = 0;
  const history = new Map<string, ServerSentEvent[]>(); // channel → its last messages
