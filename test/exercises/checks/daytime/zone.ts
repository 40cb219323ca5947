import type * as Starter from '../../../../chapters/exercises/daytime/zone.ts';
import type * as Solution from '../../solutions/daytime/zone.ts';
import { expectEqual, withClients, withListening, type Exercise, type Fits } from '../../kit.ts';

/** A fixed moment, so the check knows what every zone's clock said. */
const AT = new Date('2026-07-01T12:00:00Z');

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'a daytime server that answers in the time zone its client names',
  async check({ createZoneServer }, steps) {
    const lines: string[] = [];
    const server = createZoneServer(() => AT, (line) => lines.push(line));
    await withListening(server, (port) => withClients(async (open) => {
      const ask = async (sent: string[], what: string) => {
        const client = await open(port);
        for (const piece of sent) client.write(piece);
        return client.waitForClose(`the answer ${what}`);
      };
      const expectAnswer = async (zone: string, expected: string) => {
        expectEqual(await ask([`${zone}\r\n`], `for ${JSON.stringify(zone)}`), `${expected}\r\n`,
          `the answer to ${JSON.stringify(zone)} at ${AT.toISOString()}`);
      };
      await steps.step('answers in the zone asked for (Europe/Paris)', () => expectAnswer('Europe/Paris', '2026-07-01 14:00:00 Europe/Paris'));
      await steps.step('handles a half-hour zone (Asia/Kolkata)', () => expectAnswer('Asia/Kolkata', '2026-07-01 17:30:00 Asia/Kolkata'));
      await steps.step('handles a zone behind UTC (America/New_York)', () => expectAnswer('America/New_York', '2026-07-01 08:00:00 America/New_York'));
      await steps.step('an empty line means UTC', () => expectAnswer('', '2026-07-01 12:00:00 UTC'));
      await steps.step('a line sent in two pieces is read whole', async () => {
        expectEqual(await ask(['Europe/', 'Paris\r\n'], 'for a line in two pieces'), '2026-07-01 14:00:00 Europe/Paris\r\n', 'the answer');
      });
      await steps.step('an unknown zone gets an error line, not a crash', () =>
        expectAnswer('Mars/Olympus', 'error: unknown time zone "Mars/Olympus"'));
      await steps.step('a name longer than MAX_ZONE_BYTES is refused without waiting for its end', async () => {
        expectEqual(await ask(['x'.repeat(1000)], 'to an endless name'), 'error: the time zone name is too long\r\n', 'the answer');
      });
      await steps.step('a client that resets the connection does not take the server down', async () => {
        const rude = await open(port);
        rude.socket.resetAndDestroy();
        await rude.closed;
        await expectAnswer('UTC', '2026-07-01 12:00:00 UTC');
      });
    }));
  },
};
