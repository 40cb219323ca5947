/** A subscriber this far behind is not reading;
 *  keeping it would let it eat our memory. */
export const MAX_UNSENT_BYTES = 1024 * 1024;

function deliver(subscriber: Subscriber, frame: string): boolean {
  if (!subscriber.writable || subscriber.writableLength > MAX_UNSENT_BYTES) return false;
  try {
    subscriber.write(frame);
    return true;
  } catch {
    return false;
  }
}
