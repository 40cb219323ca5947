import { text, type Params, type Reply, type Request, type Response } from '../../../../chapters/routing.ts';
import type * as Starter from '../../../../chapters/exercises/routing/params.ts';
import type * as Solution from '../../solutions/routing/params.ts';
import { expectEqual, expectThat, NotYet, type Exercise, type Fits } from '../../kit.ts';

function request(method: string, path: string, params: Params = new Map()): Request {
  return { method, target: path, path, version: 'HTTP/1.1', headers: new Map([['host', 'exercise']]), params, body: new Uint8Array() };
}

/** A handler that answers with what it saw in `params`, as JSON. */
const echoParams = (route: string) => ({ params }: Request) =>
  text(JSON.stringify({ route, params: Object.fromEntries(params) }));

function asResponse(reply: Reply, what: string): Response {
  if ('open' in reply) throw new NotYet(`${what}: expected a response, got a stream`);
  return reply;
}

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'a router with path parameters, /rooms/:name',
  async check({ PatternRouter }, steps) {
    const router = new PatternRouter()
      .on('GET', '/rooms/:name', echoParams('room'))
      .on('GET', '/rooms/:room/messages/:id', echoParams('message'))
      .on('GET', '/rooms/new', echoParams('new'))  // added after the pattern it must beat
      .on('POST', '/rooms/:name', echoParams('post'));
    const ask = async (method: string, path: string, params?: Params) =>
      asResponse(await router.handle(request(method, path, params)), `${method} ${path}`);
    const expectSaw = async (method: string, path: string, seen: object, params?: Params) => {
      const { status, body } = await ask(method, path, params);
      expectEqual(status, 200, `the status for ${method} ${path}`);
      expectEqual(body, JSON.stringify(seen), `what the handler saw for ${method} ${path}`);
    };

    await steps.step('GET /rooms/lobby runs /rooms/:name with name=lobby', () =>
      expectSaw('GET', '/rooms/lobby', { route: 'room', params: { name: ['lobby'] } }));
    await steps.step('two parameters in one pattern', () =>
      expectSaw('GET', '/rooms/kitchen/messages/42', { route: 'message', params: { room: ['kitchen'], id: ['42'] } }));
    await steps.step('a path value comes before the query string\'s values of the same name', () =>
      expectSaw('GET', '/rooms/lobby', { route: 'room', params: { name: ['lobby', 'from-query'], page: ['2'] } },
        new Map([['name', ['from-query']], ['page', ['2']]])));
    await steps.step('an exact route beats a pattern, whatever the order they were added in', () =>
      expectSaw('GET', '/rooms/new', { route: 'new', params: {} }));
    await steps.step('a parameter never matches an empty or extra segment: 404', async () => {
      for (const path of ['/rooms', '/rooms/', '/rooms/a/b', '/elsewhere']) {
        expectEqual((await ask('GET', path)).status, 404, `the status for GET ${path}`);
      }
    });
    await steps.step('a fitting route with another method: 405 with Allow', async () => {
      const { status, headers } = await ask('DELETE', '/rooms/lobby');
      expectEqual(status, 405, 'the status for DELETE /rooms/lobby');
      expectEqual(headers?.Allow, 'GET, POST, HEAD', 'the Allow header');
    });
    await steps.step('an unknown method: 501; HEAD runs the GET handler', async () => {
      expectEqual((await ask('BREW', '/rooms/lobby')).status, 501, 'the status for BREW /rooms/lobby');
      expectEqual((await ask('HEAD', '/rooms/lobby')).status, 200, 'the status for HEAD /rooms/lobby');
    });
    await steps.step('malformed patterns are refused by on()', () => {
      for (const pattern of ['/rooms/:', '/a/:x/b/:x']) {
        let refused = false;
        try {
          new PatternRouter().on('GET', pattern, echoParams('bad'));
        } catch {
          refused = true;
        }
        expectThat(refused, `on('GET', ${JSON.stringify(pattern)}, …) should throw`);
      }
    });
  },
};
