export const ROOM = { min: 1, max: 16 };
export const NAME = { min: 1, max: 64 };
export const MESSAGE = { min: 5, max: 256 };
export const EVENT_ID = { min: 1, max: 64 };
/** How long a browser waits to reconnect a dropped stream. The first event tells it. */
export const RECONNECT_MS = 1000;
