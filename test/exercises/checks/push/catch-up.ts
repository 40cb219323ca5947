import { Ticks } from '../../../../chapters/push.ts';
import type * as Starter from '../../../../chapters/exercises/push/catch-up.ts';
import type * as Solution from '../../solutions/push/catch-up.ts';
import { exchange, expectEqual, httpRequest, parseResponse, withClients, withListening, type Client, type Exercise, type Fits } from '../../kit.ts';

const AT = new Date('2026-11-23T20:41:07.000Z');

/** The frames of an event stream received so far, after its head: each as its lines. */
function framesOf(text: string): string[][] {
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  return body.split('\n\n').slice(0, -1).map((frame) => frame.split('\n'));
}

const expectedFrame = (id: number) => [`id: ${id}`, `data: ${id} ${AT.toISOString()}`];

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'an event stream a client can rejoin with ?after=N, missing nothing',
  async check({ createCatchUpServer }, steps) {
    const ticks = new Ticks();
    await withListening(createCatchUpServer(ticks), (port) => withClients(async (open) => {
      /** Opens /events<query>; resolves once the head has arrived, so the server is listening for ticks. */
      const stream = async (query: string): Promise<Client> => {
        const client = await open(port);
        client.write(httpRequest('GET', `/events${query}`));
        await client.waitFor((text) => text.includes('\r\n\r\n'), `the head of the stream /events${query}`);
        return client;
      };
      const until = (client: Client, id: number) =>
        client.waitFor((text) => framesOf(text).some((f) => f.includes(`data: ${id} ${AT.toISOString()}`)), `the frame of tick ${id}`);

      await steps.step('streams each new tick with an `id:` line', async () => {
        const client = await stream('');
        const id = ticks.publish(AT).id;
        expectEqual(framesOf(await until(client, id)), [expectedFrame(id)], 'the frames received');
      });
      await steps.step('?after=N sends the ticks after N first, then the new ones, each once', async () => {
        const first = ticks.lastId;
        for (let i = 0; i < 3; i++) ticks.publish(AT);
        const client = await stream(`?after=${first + 1}`);
        const next = ticks.publish(AT).id;
        const wanted = [first + 2, first + 3, next].map(expectedFrame);
        expectEqual(framesOf(await until(client, next)), wanted, `the frames for ?after=${first + 1}`);
      });
      await steps.step('?after=<the newest> sends only what comes next', async () => {
        const client = await stream(`?after=${ticks.lastId}`);
        const next = ticks.publish(AT).id;
        expectEqual(framesOf(await until(client, next)), [expectedFrame(next)], 'the frames received');
      });
      /** The status, as soon as the head is in (a stream would never end); then, for a refusal, the body. */
      const refusal = async (query: string) => {
        const client = await open(port);
        client.write(httpRequest('GET', `/events${query}`));
        const { status } = parseResponse(await client.waitFor((text) => text.includes('\r\n\r\n'), `the head of the answer to ${query}`));
        expectEqual(status, 400, `the status for /events${query}`);
        return parseResponse(await client.waitForClose(`the end of the 400 for ${query}`)).body;
      };
      await steps.step('a bad ?after gets 400 with the reason', async () => {
        for (const after of ['abc', '-1', '']) {
          const body = await refusal(`?after=${after}`);
          expectEqual(body.includes('after'), true, `the 400's body for ?after=${after} names the parameter (got ${JSON.stringify(body)})`);
        }
      });
      await steps.step('an ?after ahead of the newest tick gets 400', async () => {
        await refusal(`?after=${ticks.lastId + 1}`);
      });
      await steps.step('other paths still get 404', async () => {
        expectEqual((await exchange(port, httpRequest('GET', '/nowhere'))).status, 404, 'the status for /nowhere');
      });
    }));
  },
};
