/** Serves the first server's chat on connections that stay open: `write`, the handler
 *  that answers and `start` defined again, then `/send-message` with them. */
async function firstKeepingAlive(): Promise<void> {
