/** A subscriber this far behind is not reading;
 *  keeping it would let it eat our memory. */
export const MAX_UNSENT_BYTES = 128 * 1024;

/** Once this much waits for the end of the turn, it is written at once: a bigger write
 *  saves nothing more, and each subscriber would owe it all. */
const BATCH_BYTES = 64 * 1024;

/** Sent before a replay whose starting point we don't know;
 *  its data is the id we were given. */
export const MISSED_EVENT = 'missed';

/** An SSE comment: the browser ignores it, the connection sees traffic. */
const HEARTBEAT = Buffer.from(formatComment('heartbeat'));

/** Where the newest messages of `history` from index `first` on that fit in `maxBytes`
 *  begin: `first` itself when all of them fit. */
function newestThatFit(
  history: readonly Sent[], first: number, maxBytes: number,
): number {
  let bytes = 0;
  for (let i = history.length - 1; i >= first; i--) {
    bytes += history[i].frame.length;
    if (bytes > maxBytes) return i + 1;
  }
  return first;
}

/** The index of the first message numbered above `seq` in a history ordered by number. */
function firstAfter(history: readonly Sent[], seq: number): number {
  let [low, high] = [0, history.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (history[middle].seq <= seq) low = middle + 1;
    else high = middle;
  }
  return low;
}
