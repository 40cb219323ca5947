/**
 * The gap between accepting a connection and taking charge of it (where the tutorial's
 * race leaks a socket): something goes wrong before the server has said what to do
 * about errors. Here the client resets the connection the moment it is accepted.
 */
async function resetAsSoonAsAccepted(
  onConnection: (socket: Socket, accepted: () => void) => void,
  outcome: Promise<Outcome>,
): Promise<Outcome> {
  let accepted!: () => void;
  const whenAccepted = new Promise<void>((resolve) => (accepted = resolve));
  const server: Server = createServer((socket) => onConnection(socket, accepted));
  const port = await listen(server, 0);
  const client = connect(port, HOST);
  client.on('error', () => {}); // the client's side of it is not our topic
  void whenAccepted.then(() => client.resetAndDestroy());
  try {
    // An unref'd timer: once the outcome is in,
    // it must not keep the program alive for the rest.
    const deadline = sleep(DEMO_TIMEOUT_MS, undefined, { ref: false }).then(giveUp);
    return await Promise.race([outcome, deadline]);
  } finally {
    client.destroy();
    server.close();
  }
}

function giveUp(): never {
  throw new Error(`no error within ${DEMO_TIMEOUT_MS} ms`);
}

/** The listener attached in the 'connection' callback itself,
 *  as every server here does. */
export function listenerAtOnce(): Promise<Outcome> {
  let heard!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (heard = resolve));
  return resetAsSoonAsAccepted((socket, accepted) => {
    socket.on('error', (error: NodeJS.ErrnoException) => {
      heard({ seen: error.code!, detail: `${error.message}: heard by the listener` });
    });
    accepted();
  }, outcome);
}

/** The listener attached only after an `await`: by then the error has gone by. */
export function listenerTooLate(): Promise<Outcome> {
  let missed!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (missed = resolve));
  // An 'error' nobody listens for is thrown from inside the event loop, where no try
  // can catch it. Only this process-wide handler can, and without it we would be dead.
  const onUncaught = (error: NodeJS.ErrnoException) => {
    const detail =
      `${error.message}: no listener yet; this would have crashed the server`;
    missed({ seen: error.code ?? error.name, detail });
  };
  process.once('uncaughtException', onUncaught);
  return resetAsSoonAsAccepted(async (socket, accepted) => {
    accepted();
    await outcome; // stands for any await: a database, a file, a lookup
    socket.on('error', () => {}); // too late
  }, outcome).finally(() => process.off('uncaughtException', onUncaught));
}
