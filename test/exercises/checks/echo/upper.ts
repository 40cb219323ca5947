import { createServer, type Socket } from 'node:net';
import { measureBacklog } from '../../../../chapters/echo.ts';
import type * as Starter from '../../../../chapters/exercises/echo/upper.ts';
import type * as Solution from '../../solutions/echo/upper.ts';
import { expectEqual, expectThat, withClients, withListening, type Exercise, type Fits } from '../../kit.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
/** Enough that a server reading all of it plainly holds it: more than the kernel buffers on loopback. */
const FLOOD_BYTES = 16 * MiB;
/** The careful echo of the chapter holds a few dozen KiB at most. */
const MAX_HELD = 256 * KiB;

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'an upper-casing echo that respects back-pressure',
  async check({ upperEcho }, steps) {
    const handle = (socket: Socket) => {
      socket.on('error', () => socket.destroy());
      upperEcho(socket);
    };
    await withListening(createServer(handle), (port) => withClients(async (open) => {
      await steps.step('echoes a line in capitals', async () => {
        const client = await open(port);
        client.write('hello, world\n');
        expectEqual(await client.waitFor((text) => text.endsWith('\n'), 'the echo of one line'), 'HELLO, WORLD\n', 'the echo');
      });
      await steps.step('upper-cases beyond ASCII ("grüße" → "GRÜSSE")', async () => {
        const client = await open(port);
        client.write('grüße\n');
        expectEqual(await client.waitFor((text) => text.endsWith('\n'), 'the echo'), 'GRÜSSE\n', 'the echo');
      });
      await steps.step('a character split between two packets comes back whole', async () => {
        const client = await open(port);
        const e = Buffer.from('é');  // two bytes: 0xC3 0xA9
        client.write(Buffer.concat([Buffer.from('a'), e.subarray(0, 1)]));
        // Only once the server has answered the first piece does the second go: they can't arrive together.
        await client.waitFor((text) => text.length > 0, 'the echo of the first piece');
        client.write(Buffer.concat([e.subarray(1), Buffer.from('\n')]));
        expectEqual(await client.waitFor((text) => text.endsWith('\n'), 'the echo of the second piece'), 'AÉ\n',
          'the echo of "a", half an "é", then the other half');
      });
    }));
    await steps.step('stops reading from a client that does not read', async () => {
      const { held, echoed } = await measureBacklog((socket) => {
        socket.on('error', () => socket.destroy());
        upperEcho(socket);
      }, FLOOD_BYTES);
      expectThat(held <= MAX_HELD,
        `a client sent ${FLOOD_BYTES / MiB} MiB and read nothing; the server held ${(held / MiB).toFixed(1)} MiB of it ` +
        `unsent (at most ${MAX_HELD / KiB} KiB is right: pause on a full buffer, resume on 'drain')`);
      expectEqual(echoed, FLOOD_BYTES, 'bytes echoed once the client read');
    });
  },
};
