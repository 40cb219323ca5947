import { Router, stream, text } from '../../../../chapters/routing.ts';
import type { EventStream } from '../../../../chapters/pubsub.ts';
import type * as Starter from '../../../../chapters/exercises/listen/max-connections.ts';
import type * as Solution from '../../solutions/listen/max-connections.ts';
import {
  ANSWER_WAIT_MS, expectEqual, expectThat, httpRequest, NotYet, parseResponse, withClients, within, type Client, type Exercise, type Fits,
} from '../../kit.ts';

const LIMIT = 2;

/** /hello answers; /wait is a stream that holds its connection open, as a chat subscriber does. */
function router(held: Set<EventStream>) {
  return new Router()
    .on('GET', '/hello', () => text('hello\n'))
    .on('GET', '/wait', () => stream((events) => {
      held.add(events);
      events.onClose(() => held.delete(events));
    }));
}

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'a server that holds at most N connections and answers the next one 503',
  async check({ startLimited }, steps) {
    /** A fresh server for each step, so no step waits for the last one's connections to be closed. */
    const withServer = async (body: (port: number, open: (port: number) => Promise<Client>, held: Set<EventStream>) => Promise<void>) => {
      const held = new Set<EventStream>();
      const server = await startLimited(router(held), { port: 0, maxConnections: LIMIT });
      try {
        await withClients((open) => body(server.port, open, held));
      } finally {
        await within(server.stop(), 'stop() finishing');
      }
    };
    /** Opens LIMIT streams and waits for their heads: then the server holds LIMIT connections. */
    const fill = async (port: number, open: (port: number) => Promise<Client>) => {
      const streams: Client[] = [];
      for (let i = 0; i < LIMIT; i++) {
        const client = await open(port);
        client.write(httpRequest('GET', '/wait'));
        await client.waitFor((t) => t.includes('\r\n\r\n'), `the head of stream ${i + 1} of ${LIMIT}`);
        streams.push(client);
      }
      return streams;
    };

    await steps.step('answers requests under the limit', () => withServer(async (port, open) => {
      const client = await open(port);
      client.write(httpRequest('GET', '/hello'));
      const { status, body } = parseResponse(await client.waitForClose('the answer to GET /hello'));
      expectEqual([status, body], [200, 'hello\n'], 'status and body for GET /hello');
    }));
    const refuses = await steps.step(`with ${LIMIT} connections open, the next request gets 503 with Retry-After`, () =>
      withServer(async (port, open) => {
        await fill(port, open);
        const extra = await open(port);
        extra.write(httpRequest('GET', '/hello'));
        const { status, headers, body } = parseResponse(await extra.waitForClose('the answer to a connection over the limit'));
        expectEqual(status, 503, 'the status over the limit');
        expectEqual(headers['retry-after'], '1', 'the Retry-After header');
        expectThat(body.trim().length > 0, 'the 503 should say why in its body');
      }));
    await steps.stepAfter(refuses, 'the 503 goes out at once, before the client sends a byte', () => withServer(async (port, open) => {
      await fill(port, open);
      const silent = await open(port);
      const { status } = parseResponse(await silent.waitForClose('a 503 to a client that sent nothing'));
      expectEqual(status, 503, 'the status');
    }));
    await steps.stepAfter(refuses, 'the status line is `HTTP/1.1 503 Service Unavailable`', () => withServer(async (port, open) => {
      await fill(port, open);
      const extra = await open(port);
      extra.write(httpRequest('GET', '/hello'));
      const raw = await extra.waitForClose('the answer over the limit');
      expectEqual(raw.slice(0, raw.indexOf('\r\n')), 'HTTP/1.1 503 Service Unavailable', 'the status line');
    }));
    await steps.stepAfter(refuses, 'refusals don\'t disturb the connections already held', () => withServer(async (port, open, held) => {
      const streams = await fill(port, open);
      for (let i = 0; i < 3; i++) {
        const extra = await open(port);
        extra.write(httpRequest('GET', '/hello'));
        await extra.waitForClose('a refusal');
      }
      for (const connection of held) connection.write('data: still here\n\n');
      for (const client of streams) await client.waitFor((t) => t.includes('data: still here'), 'an event on a held stream');
    }));
    await steps.stepAfter(refuses, 'a connection that closes frees its place', () => withServer(async (port, open) => {
      const [first] = await fill(port, open);
      first!.destroy();
      // The server learns of the close a moment after we make it, and nothing tells us when:
      // so ask again until a request gets through (each try waits for its whole answer).
      const deadline = Date.now() + ANSWER_WAIT_MS;
      let last = 0;
      while (Date.now() < deadline) {
        const client = await open(port);
        client.write(httpRequest('GET', '/hello'));
        last = parseResponse(await client.waitForClose('an answer after a place was freed')).status;
        if (last === 200) return;
      }
      throw new NotYet(`one of ${LIMIT} connections closed, yet ${ANSWER_WAIT_MS} ms later requests still got ${last}`);
    }));
  },
};
