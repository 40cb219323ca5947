/** Answers with every event after `after`, waiting for the next if none yet. */
function longPoll(socket: Socket, ticks: Ticks, after: string | null): void {
  if (after === null || !/^\d{1,15}$/.test(after)) {
    const got = JSON.stringify(after);
    const reason = `after must be the number of the last event seen, got ${got}\n`;
    return respond(socket, '400 Bad Request', reason);
  }
  if (Number(after) > ticks.lastId) {
    const reason = `after=${after} is ahead of the newest event, ${ticks.lastId}\n`;
    return respond(socket, '400 Bad Request', reason);
  }

  const missed = ticks.after(Number(after));
  if (missed.length > 0) {
    return respond(socket, '200 OK', missed.map(asLine).join(''));
  }
  // Nothing new: hold the request open until the next event, or the client leaves.
  const stopListening = ticks.listen((tick) => {
    stopListening();
    respond(socket, '200 OK', asLine(tick));
  });
  socket.once('close', stopListening);
}
