/** Where a connection is in its life. One request at a time: the next one is read only
 *  once this one is answered, so answers go out in order, each exactly once. */
type State = 'reading' | 'handling' | 'idle' | 'draining' | 'streaming' | 'closing';

class Connection {
  #state: State = 'reading';
  /** When the current state's time limit runs out (ms since 1970);
   *  the server's clock looks. */
  #deadline = Infinity;
  #clientDone = false;        // the client has finished sending (half-close)
  #continued = false;         // `100 Continue` sent for the current request
  #keepAlive = false;         // the current request's head lets the connection stay
  #turnStarted = 0;           // when this connection's turn began (see turnMs)
  readonly #reader: RequestReader;

  constructor(
    private readonly socket: Socket,
    private readonly router: Router,
    private readonly limits: Limits,
  ) {
    this.#reader = new RequestReader(limits.maxRequestBytes);
    this.#wait(limits.requestTimeoutMs);
    // What we write is a whole answer, or a whole turn's events: it should leave now.
    // By default TCP holds a small write until the client has acknowledged the one
    // before (Nagle's algorithm), and a client may wait to acknowledge.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#received(chunk));
    socket.on('end', () => this.#ended());
    // Resets, hang-ups, writes after close: this client's problem, not the server's.
    socket.on('error', () => socket.destroy());
  }
