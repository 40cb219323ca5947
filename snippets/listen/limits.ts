/** What one client may make the server hold, and for how long. Each limit is named, and
 *  a server can set its own (`start`'s `limits`). */
export interface Limits {
  /** The largest request we read: head and body together. Anything bigger gets 413. */
  maxRequestBytes: number;
  /** How long a client may take to send a whole request, from its first byte
   *  (or, on a new connection, from the connection). A slower one gets 408. */
  requestTimeoutMs: number;
  /** How long a kept-alive connection may wait, quiet, for its next request.
   *  Then it is closed without a word: the client asked for nothing. */
  keepAliveTimeoutMs: number;
  /** After a closing response has gone out, how long we keep reading (and dropping)
   *  what the client still sends, so that our close doesn't reset the connection. */
  closeGraceMs: number;
  /** How many bytes of answers may wait to leave for one client before we stop reading
   *  its next requests. A client that pipelines and never reads would otherwise have
   *  us hold every answer it asked for. We go on once they have left. */
  maxUnsentBytes: number;
  /** How many bytes of events may wait to leave for one event stream before it counts
   *  as a reader that has stopped (see pubsub's EventStream). */
  maxUnsentEventBytes: number;
  /** How long one connection's pipelined requests are answered back to back before the
   *  other connections get their turn. */
  turnMs: number;
  /** How many connections may be open at once. Every socket is a file descriptor, and a
   *  process that runs out of them can't even accept a connection to say it is full:
   *  we stay below its limit (`ulimit -n`), keeping a margin for files, outgoing
   *  connections and the 503s we send past this limit. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxRequestBytes: 64 * 1024,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  closeGraceMs: 2_000,
  maxUnsentBytes: 1024 * 1024,
  maxUnsentEventBytes: MAX_UNSENT_BYTES,
  turnMs: 10,
  maxConnections: Math.max(64, (openFileLimit() ?? 11_024) - 1024),
};

/** The most files this process may open, where the system says (Linux does, in /proc). */
function openFileLimit(): number | undefined {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}
