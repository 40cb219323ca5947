/** Far more than a kernel holds for a connection whose reader has stopped (a few MB): a
 *  server that still counts Cy past it keeps her bytes in its own memory. */
const PLENTY = 16 * 1024 * 1024;

/** Bea reads everything. Cy stops reading but stays connected, as a client on a stalled
 *  network does, or a laptop whose lid was closed. The room talks on, until the server
 *  counts Bea alone, or until it has said `PLENTY`. */
export async function stalled(port: number, log: Log = console.log) {
  const room = 'stalled';
  const [bea, cy] = [joinRoom(port, room), joinRoom(port, room)];
  await Promise.all([bea.until(joined(bea)), cy.until(joined(cy))]);
  cy.socket.pause();
  const answer = await talk(port, room, bea, PLENTY, 'sent to 1 listener');
  log(`Cy stopped reading; the room talked on, ${PLENTY / 1024 / 1024} MB at most`);
  log(`Bea's last post: ${answer}`);
  cy.socket.resume();
  await cy.until(() => cy.events.length === bea.events.length);
  const cyHeard = { all: cy.events.length === bea.events.length, cut: cy.socket.closed };
  log(`Cy reads again: ${cyHeard.all ? 'every message came' : 'some came'}, and ` +
    (cyHeard.cut ? 'then the server hung up' : 'she is still connected'));
  [bea, cy].forEach((s) => s.socket.destroy());
  return { answer, cyHeard };
}
