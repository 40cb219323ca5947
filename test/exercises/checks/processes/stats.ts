import { EventStream } from '../../../../chapters/pubsub.ts';
import { PassThrough } from 'node:stream';
import { Channels } from '../../../../chapters/pubsub.ts';
import { connectRedisRooms, type RedisRooms } from '../../../../chapters/redis-rooms.ts';
import type { Reply, Request, Response, Router } from '../../../../chapters/routing.ts';
import type * as Starter from '../../../../chapters/exercises/processes/stats.ts';
import type * as Solution from '../../solutions/processes/stats.ts';
import { redisMissing, startRedisServer, type RedisServer } from '../../../redis-server.ts';
import { expectEqual, NotYet, within, type Exercise, type Fits } from '../../kit.ts';

function request(method: string, path: string, params: Record<string, string> = {}): Request {
  const fields = new Map(Object.entries(params).map(([name, value]) => [name, [value]]));
  return { method, target: path, path, version: 'HTTP/1.1', headers: new Map([['host', 'exercise']]), params: fields, body: new Uint8Array() };
}

const asResponse = (reply: Reply, what: string): Response => {
  if ('open' in reply) throw new NotYet(`${what}: expected a response, got a stream`);
  return reply;
};

/** What the check does with one router: post, read the stats, listen. */
function client(router: Router) {
  const post = async (room: string, message: string) =>
    asResponse(await router.handle(request('POST', '/send-message', { room, name: 'Ada', message })), `POST /send-message to ${room}`);
  const stats = async () => {
    const response = asResponse(await router.handle(request('GET', '/stats')), 'GET /stats');
    expectEqual(response.status, 200, 'the status of GET /stats');
    expectEqual(response.contentType, 'application/json', 'the content type of GET /stats');
    try {
      return JSON.parse(response.body) as unknown;
    } catch {
      throw new NotYet(`GET /stats should answer JSON, got ${JSON.stringify(response.body)}`);
    }
  };
  /** Posts 2 messages to lobby and 1 to kitchen, each to nobody, and expects them counted. */
  const postThree = async () => {
    for (const room of ['lobby', 'kitchen', 'lobby']) {
      expectEqual((await post(room, `hello, ${room}`)).body, 'sent to 0 listeners\n', `the answer to a post to ${room}`);
    }
    expectEqual(await stats(), THREE, 'GET /stats after 2 posts to lobby and 1 to kitchen');
  };
  return { post, stats, postThree };
}

const THREE = [{ room: 'kitchen', posts: 1 }, { room: 'lobby', posts: 2 }];

/** Opens GET /source?room=<room> on a stream standing in for the socket; resolves once it has joined. */
async function listen(router: Router, room: string, open: PassThrough[]) {
  const reply = await router.handle(request('GET', '/source', { room }));
  if (!('open' in reply)) throw new NotYet(`GET /source?room=${room} should open a stream, got ${reply.status}: ${reply.body.trim()}`);
  const connection = new PassThrough();
  open.push(connection);
  let heard = '';
  let arrived = () => {};
  connection.on('data', (chunk: Buffer) => { heard += chunk; arrived(); });
  const until = (text: string, what: string) => within(new Promise<void>((resolve) => {
    arrived = () => { if (heard.includes(text)) resolve(); };
    arrived();
  }), what);
  reply.open(new EventStream(connection));
  await until('event: joined', `the listener in ${room} joining`);
  return { until };
}

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'GET /stats: how many posts each room took, on rooms in the process or on Redis',
  missing: redisMissing,
  async check({ statsRouter }, steps) {
    const channels = new Channels();
    const streams: PassThrough[] = [];
    let redis: RedisServer | undefined;
    let shared: RedisRooms | undefined;
    try {
      const local = client(statsRouter(channels));
      await steps.step('rooms in the process: GET /stats is [] before any post', async () => expectEqual(await local.stats(), [], 'GET /stats'));
      const counted = await steps.step('rooms in the process: counts each room\'s posts, sorted by name', local.postThree);
      await steps.stepAfter(counted, 'rooms in the process: a post refused for bad input (400) is not counted', async () => {
        expectEqual((await local.post('lobby', 'hi')).status, 400, 'the status of a post with a message of 2 characters');
        expectEqual(await local.stats(), THREE, 'GET /stats after a refused post');
      });
      await steps.step('rooms in the process: listeners still hear every post', async () => {
        const router = statsRouter(new Channels());
        const ada = await listen(router, 'attic', streams);
        expectEqual(asResponse(await router.handle(request('POST', '/send-message', { room: 'attic', name: 'Bea', message: 'anyone up here?' })), 'POST /send-message').body,
          'sent to 1 listener\n', 'the answer to a post to a room with one listener');
        await ada.until('anyone up here?', 'the listener hearing the post');
      });

      redis = await startRedisServer();
      shared = await connectRedisRooms(redis.url);
      const onRedis = client(statsRouter(shared));
      const countedOnRedis = await steps.step('rooms on Redis: counts each room\'s posts, sorted by name', async () => {
        expectEqual(await onRedis.stats(), [], 'GET /stats before any post');
        await onRedis.postThree();
      });
      await steps.stepAfter(countedOnRedis, 'rooms on Redis: a post Redis could not take (503) is not counted', async () => {
        await redis!.kill();
        expectEqual((await onRedis.post('lobby', 'is anyone there?')).status, 503, 'the status of a post while Redis is down');
        expectEqual(await onRedis.stats(), THREE, 'GET /stats after a post that did not get through');
      });
    } finally {
      for (const stream of streams) stream.destroy();
      channels.close();
      await shared?.close();
      await redis?.stop();
    }
  },
};
