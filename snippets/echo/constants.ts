/** The real echo port is 7, which only root may open. We borrow 4007. */
export const ECHO_PORT = 4007;

/** How much the back-pressure demo sends without reading any of the reply. */
export const FLOOD_BYTES = 32 * 1024 * 1024;
