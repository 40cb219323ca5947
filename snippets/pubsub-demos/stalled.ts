/** Three subscribers of a busy room. Bea reads everything. Cy stops reading, but stays
 *  connected. Ada joins later and vanishes at once: her laptop sleeps, so her connection
 *  takes no more bytes, and never closes. Then nobody speaks for `ms`. */
export async function stalled(port: number, ms: number, log: Log = console.log) {
  const room = 'stalled';
  const [bea, cy] = [subscribe(port, room), subscribe(port, room)];
  await Promise.all([bea.until(joined(bea)), cy.until(joined(cy))]);
  const holds = await kernelHolds();
  cy.socket.pause();
  await fill(port, room, bea, 192 * 1024);
  const ada = subscribe(port, room);
  await ada.until(joined(ada));
  ada.socket.pause();
  await fill(port, room, bea, bea.bytes + holds + 64 * 1024);
  log('Cy stopped reading, Ada vanished, and Bea heard all that was said');
  const answers = [await post(port, room, 'still there?')];
  log(`Bea posts again: ${answers[0]}`);
  await new Promise((resolve) => setTimeout(resolve, ms)); // the quiet is the point
  answers.push(await post(port, room, 'hello?'));
  log(`${ms} ms later:     ${answers[1]}`);
  cy.socket.resume();
  await cy.until(() => cy.events.length === bea.events.length);
  const cyHeard = { all: cy.events.length === bea.events.length, cut: cy.socket.closed };
  log(`Cy reads again: ${cyHeard.all ? 'every message came' : 'some came'}, and ` +
    (cyHeard.cut ? 'then the server hung up' : 'she is still connected'));
  [ada, bea, cy].forEach((s) => s.socket.destroy());
  return { answers, cyHeard };
}
