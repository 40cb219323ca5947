import { once } from 'node:events';
import { EventStream } from '../../../../chapters/pubsub.ts';
import { PassThrough } from 'node:stream';
import type { Reply, Request, Response } from '../../../../chapters/routing.ts';
import type * as Starter from '../../../../chapters/exercises/chat/rooms.ts';
import type * as Solution from '../../solutions/chat/rooms.ts';
import { expectEqual, expectThat, NotYet, within, type Exercise, type Fits } from '../../kit.ts';

function request(method: string, target: string): Request {
  const url = new URL(target, 'http://exercise');
  const params = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) params.set(name, [...(params.get(name) ?? []), value]);
  return { method, target, path: url.pathname, version: 'HTTP/1.1', headers: new Map([['host', 'exercise']]), params, body: new Uint8Array() };
}

const asResponse = (reply: Reply, what: string): Response => {
  if ('open' in reply) throw new NotYet(`${what}: expected a response, got a stream`);
  return reply;
};

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'GET /rooms: the rooms with listeners, and how many each',
  async check({ roomsRouter }, steps) {
    const router = roomsRouter();
    const listeners: PassThrough[] = [];
    /** Opens /source?room=<room> the way the server does, on a stream standing in for the socket. */
    const listen = async (room: string) => {
      const reply = await router.handle(request('GET', `/source?room=${encodeURIComponent(room)}`));
      if (!('open' in reply)) throw new NotYet(`GET /source?room=${room} should open a stream, got ${reply.status}: ${reply.body.trim()}`);
      const connection = new PassThrough();
      connection.resume();
      listeners.push(connection);
      reply.open(new EventStream(connection));
      return connection;
    };
    const leave = async (connection: PassThrough) => {
      connection.destroy();
      await within(once(connection, 'close'), 'a listener closing');
    };
    const rooms = async () => {
      const response = asResponse(await router.handle(request('GET', '/rooms')), 'GET /rooms');
      expectEqual(response.status, 200, 'the status of GET /rooms');
      expectEqual(response.contentType, 'application/json', 'the content type of GET /rooms');
      try {
        return JSON.parse(response.body) as unknown;
      } catch {
        throw new NotYet(`GET /rooms should answer JSON, got ${JSON.stringify(response.body)}`);
      }
    };
    try {
      await steps.step('with nobody listening, GET /rooms is []', async () => expectEqual(await rooms(), [], 'GET /rooms'));
      let lobby: PassThrough[] = [];
      let kitchen: PassThrough | undefined;
      await steps.step('lists each room with its listeners, sorted by name', async () => {
        lobby = [await listen('lobby'), await listen('lobby')];
        kitchen = await listen('kitchen');
        expectEqual(await rooms(), [{ room: 'kitchen', listeners: 1 }, { room: 'lobby', listeners: 2 }], 'GET /rooms');
      });
      await steps.step('a listener who leaves is no longer counted', async () => {
        expectThat(lobby.length === 2, 'needs the listeners of the step above');
        await leave(lobby[0]!);
        expectEqual(await rooms(), [{ room: 'kitchen', listeners: 1 }, { room: 'lobby', listeners: 1 }], 'GET /rooms');
      });
      await steps.step('a room nobody listens to any more is not listed', async () => {
        expectThat(kitchen !== undefined, 'needs the listeners of the step above');
        await leave(kitchen);
        expectEqual(await rooms(), [{ room: 'lobby', listeners: 1 }], 'GET /rooms');
      });
      await steps.step('a refused /source (a room name too long) lists no room', async () => {
        const long = 'x'.repeat(100);
        const reply = await router.handle(request('GET', `/source?room=${long}`));
        expectEqual('open' in reply ? 'a stream' : reply.status, 400, 'the answer to a room name of 100 characters');
        expectThat(!JSON.stringify(await rooms()).includes(long), 'GET /rooms lists the refused room');
      });
      await steps.step('the chat\'s own routes still work', async () => {
        expectEqual(asResponse(await router.handle(request('GET', '/')), 'GET /').status, 200, 'the status of GET /');
        const sent = asResponse(await router.handle({ ...request('POST', '/send-message'),
          params: new Map([['room', ['lobby']], ['name', ['Ada']], ['message', ['hello, lobby']]]) }), 'POST /send-message');
        expectEqual(sent.body, 'sent to 1 listener\n', 'the answer to a message for lobby');
      });
    } finally {
      for (const connection of listeners) connection.destroy();
    }
  },
};
