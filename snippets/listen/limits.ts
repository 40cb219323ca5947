/** The largest request we read: head and body together. Anything bigger gets 413. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** How long a client may take to send a whole request, from its first byte
 *  (or, on a new connection, from the connection). A slower one gets 408. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** How long a kept-alive connection may wait, quiet, for its next request.
 *  Then it is closed without a word: the client asked for nothing. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** After a closing response has gone out, how long we keep reading (and dropping)
 *  what the client still sends, so that our close doesn't reset the connection. */
export const CLOSE_GRACE_MS = 2_000;

export interface Limits {
  maxRequestBytes: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  closeGraceMs: number;
}
export const DEFAULT_LIMITS: Limits = {
  maxRequestBytes: MAX_REQUEST_BYTES,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
  closeGraceMs: CLOSE_GRACE_MS,
};
