/** The largest post the chat takes: every character one that JSON writes in six bytes. */
const [LARGEST_NAME, LARGEST_MESSAGE] = ['\u0001'.repeat(64), '\u0001'.repeat(256)];

/** Bea posts the largest messages, up to 128 at a time, until the server answers one
 *  of them with `enough`, or until she has heard `bytes` in all (so has everyone still
 *  in the room). Resolves with the server's last answer. */
async function talk(
  port: number, room: string, bea: Subscriber, bytes: number, enough: string,
) {
  let answers = [''];
  while (!answers.includes(enough) && bea.bytes < bytes) {
    const heard = bea.events.length;
    const count = Math.min(128, Math.ceil((bytes - bea.bytes) / 2000));
    answers = await Promise.all(Array.from({ length: count },
      () => post(port, room, LARGEST_MESSAGE, LARGEST_NAME)));
    await bea.until(() => bea.events.length === heard + count);
  }
  return answers.includes(enough) ? enough : answers.at(-1)!;
}
