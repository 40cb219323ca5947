/** The real daytime port is 13, which only root may open. We borrow 4013. */
export const DAYTIME_PORT = 4013;

/** How long the careful client waits for the time before giving up. */
export const ANSWER_TIMEOUT_MS = 5_000;
