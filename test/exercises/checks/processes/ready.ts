import type { Reply, Request, Response } from '../../../../chapters/routing.ts';
import type * as Starter from '../../../../chapters/exercises/processes/ready.ts';
import type * as Solution from '../../solutions/processes/ready.ts';
import { redisMissing, startRedisServer, type RedisServer } from '../../../redis-server.ts';
import { expectEqual, expectThat, NotYet, within, type Exercise, type Fits } from '../../kit.ts';

function request(method: string, target: string, params = new Map<string, string[]>()): Request {
  return { method, target, path: target, version: 'HTTP/1.1', headers: new Map([['host', 'exercise']]), params, body: new Uint8Array() };
}

/** How long a frozen Redis may keep GET /ready waiting: the task says a second; a little slack for a busy machine. */
const FROZEN_ANSWER_MS = 1_500;
/** How often to ask again while waiting for the reader's connection to find Redis back. */
const RETRY_MS = 25;

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'GET /ready: 200 while the rooms\' Redis answers, 503 saying so when it doesn\'t',
  missing: redisMissing,
  async check({ readyChat }, steps) {
    let redis: RedisServer | undefined;
    let chat: Starter.ReadyChat | undefined;
    const ask = async (ms?: number): Promise<Response> => {
      expectThat(chat !== undefined, 'needs the chat of the first step');
      const reply: Reply = await within(Promise.resolve(chat.router.handle(request('GET', '/ready'))), 'an answer to GET /ready', ms);
      if ('open' in reply) throw new NotYet('GET /ready should answer, not open an event stream');
      return reply;
    };
    const expectReady = (response: Response) => {
      expectEqual(response.status, 200, `the status of GET /ready (body ${JSON.stringify(response.body)})`);
      expectEqual(response.contentType, 'text/plain', 'the content type of GET /ready');
    };
    const expectNotReady = (response: Response) => {
      expectEqual(response.status, 503, 'the status of GET /ready');
      expectEqual(response.contentType, 'text/plain', 'the content type of GET /ready');
      expectThat(/redis/i.test(response.body), `the body of a 503 should say that Redis does not answer, got ${JSON.stringify(response.body)}`);
    };
    try {
      redis = await startRedisServer();
      const up = await steps.step('GET /ready answers 200 while Redis answers', async () => {
        chat = await within(readyChat(redis!.url), 'readyChat() connecting to a running Redis');
        expectReady(await ask());
      });
      const down = await steps.stepAfter(up, 'GET /ready answers 503, saying why, when Redis is down', async () => {
        await redis!.kill();
        expectNotReady(await ask());
      });
      const back = await steps.stepAfter(down, 'GET /ready answers 200 again once Redis is back', async () => {
        await redis!.restart();
        let last = await ask();
        const deadline = Date.now() + 3_000;
        // The reader's client reconnects when its own retry delay says so: ask until it has.
        while (last.status !== 200 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          last = await ask();
        }
        expectReady(last);
      });
      await steps.stepAfter(back, `GET /ready answers 503 within a second when Redis is frozen`, async () => {
        redis!.pause();
        try {
          expectNotReady(await ask(FROZEN_ANSWER_MS));
        } finally {
          redis!.resume();
        }
      });
      await steps.stepAfter(up, 'the chat\'s own routes still work', async () => {
        expectThat(chat !== undefined, 'needs the chat of the first step');
        const page = await chat.router.handle(request('GET', '/'));
        expectEqual('open' in page ? 'a stream' : page.status, 200, 'the status of GET /');
      });
    } finally {
      redis?.resume();
      await chat?.close();
      await redis?.stop();
    }
  },
};
