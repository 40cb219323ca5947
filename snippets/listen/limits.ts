/** The largest request we read: head and body together. Anything bigger gets 413. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** How long a client may take to send its whole request. A slower one gets 408. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** After a closing response, how long we keep reading (and dropping)
 *  what the client still sends. */
export const CLOSE_GRACE_MS = 2_000;

export interface Limits {
  maxRequestBytes: number;
  requestTimeoutMs: number;
}
export const DEFAULT_LIMITS: Limits = {
  maxRequestBytes: MAX_REQUEST_BYTES,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
};
