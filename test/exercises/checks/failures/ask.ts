import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { freePort, HOST } from '../../../../chapters/program.ts';
import type * as Starter from '../../../../chapters/exercises/failures/ask.ts';
import type * as Solution from '../../solutions/failures/ask.ts';
import { expectEqual, within, withListening, type Exercise, type Fits } from '../../kit.ts';

/** A server that does `behave` with each connection, counting them. */
function serverThat(behave: (socket: Socket) => void) {
  const server = createServer((socket) => {
    accepted.push(socket);
    socket.on('error', () => {});
    behave(socket);
  });
  const accepted: Socket[] = [];
  return { server, accepted };
}


/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'a client that names each way a conversation fails, and retries only refusals',
  async check({ ask }, steps) {
    const answers = (line: string) => serverThat((socket) => socket.once('data', () => socket.end(`${line}\n`)));

    await steps.step('an answer is an answer', async () => {
      const { server } = answers('pong');
      await withListening(server, async (port) => {
        expectEqual(await within(ask(port, 'ping', { timeoutMs: 3000 }), 'ask() settling'), { kind: 'answer', line: 'pong' }, 'the outcome');
      });
    });
    await steps.step('nobody listening: refused', async () => {
      expectEqual(await within(ask(await freePort(), 'ping', { timeoutMs: 3000 }), 'ask() settling'), { kind: 'refused' }, 'the outcome');
    });
    await steps.step('the server resets: reset', async () => {
      const { server } = serverThat((socket) => socket.once('data', () => socket.resetAndDestroy()));
      await withListening(server, async (port) => {
        expectEqual(await within(ask(port, 'ping', { timeoutMs: 3000 }), 'ask() settling'), { kind: 'reset' }, 'the outcome');
      });
    });
    await steps.step('the server closes without a word: hung-up', async () => {
      const { server } = serverThat((socket) => socket.end());
      await withListening(server, async (port) => {
        expectEqual(await within(ask(port, 'ping', { timeoutMs: 3000 }), 'ask() settling'), { kind: 'hung-up' }, 'the outcome');
      });
    });
    await steps.step('the server says nothing: timeout, and the socket is let go', async () => {
      const { server, accepted } = serverThat((socket) => socket.resume()); // reads, so it notices the client leave
      await withListening(server, async (port) => {
        expectEqual(await within(ask(port, 'ping', { timeoutMs: 50 }), 'ask() settling'), { kind: 'timeout' }, 'the outcome');
        const [serverSide] = accepted;
        if (serverSide && !serverSide.closed) await within(once(serverSide, 'close'), 'the client closing its connection after the timeout');
      });
    });
    await steps.step('a refused connection is tried again after pause()', async () => {
      const port = await freePort();
      const { server } = answers('at last');
      let pauses = 0;
      // The first pause starts the server, so the second attempt finds it: no clocks involved.
      const pause = async () => {
        if (pauses++ === 0) {
          server.listen(port, HOST);
          await once(server, 'listening');
        }
      };
      try {
        const outcome = await within(ask(port, 'ping', { timeoutMs: 3000, attempts: 3, pause }), 'ask() settling');
        expectEqual(outcome, { kind: 'answer', line: 'at last' }, 'the outcome once the server is up');
        expectEqual(pauses, 1, 'pauses before the server answered');
      } finally {
        server.close();
      }
    });
    await steps.step('after `attempts` refusals, refused (and no pause after the last)', async () => {
      const port = await freePort();
      let pauses = 0;
      const outcome = await within(ask(port, 'ping', { timeoutMs: 3000, attempts: 3, pause: async () => { pauses++; } }), 'ask() settling');
      expectEqual(outcome, { kind: 'refused' }, 'the outcome');
      expectEqual(pauses, 2, 'pauses between 3 attempts');
    });
    await steps.step('a reset is never retried: the server may have acted on the line', async () => {
      const { server, accepted } = serverThat((socket) => socket.once('data', () => socket.resetAndDestroy()));
      await withListening(server, async (port) => {
        const outcome = await within(ask(port, 'ping', { timeoutMs: 3000, attempts: 3, pause: async () => {} }), 'ask() settling');
        expectEqual(outcome, { kind: 'reset' }, 'the outcome');
        expectEqual(accepted.length, 1, 'connections made');
      });
    });
  },
};
