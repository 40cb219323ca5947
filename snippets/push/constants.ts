export const PUSH_PORT = 4020;

/** The event source ticks once a second. */
export const TICK_MS = 1_000;

/** How many past events we remember, for long-pollers away between requests. */
export const HISTORY = 100;

/** A longer request head is refused: we won't buffer without limit. */
export const MAX_HEAD_BYTES = 8 * 1024;
