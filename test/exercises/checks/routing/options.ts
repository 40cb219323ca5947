import { text, type Reply, type Request, type Response } from '../../../../chapters/routing.ts';
import type * as Starter from '../../../../chapters/exercises/routing/options.ts';
import type * as Solution from '../../solutions/routing/options.ts';
import { expectEqual, NotYet, type Exercise, type Fits } from '../../kit.ts';

function request(method: string, path: string): Request {
  return { method, target: path, path, version: 'HTTP/1.1', headers: new Map([['host', 'exercise']]), params: new Map(), body: new Uint8Array() };
}

function asResponse(reply: Reply, what: string): Response {
  if ('open' in reply) throw new NotYet(`${what}: expected a response, got a stream`);
  return reply;
}

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'OPTIONS for every path, with Allow taken from the routes',
  async check({ OptionsRouter }, steps) {
    const router = new OptionsRouter()
      .on('GET', '/hello', () => text('hello\n'))
      .on('POST', '/hello', () => text('posted\n'))
      .on('OPTIONS', '/custom', () => text('my own options\n'));
    const ask = async (method: string, path: string) =>
      asResponse(await router.handle(request(method, path)), `${method} ${path}`);

    await steps.step('OPTIONS /hello: 200, no body, Allow with every method', async () => {
      const { status, body, headers } = await ask('OPTIONS', '/hello');
      expectEqual(status, 200, 'the status for OPTIONS /hello');
      expectEqual(headers?.Allow, 'GET, POST, HEAD, OPTIONS', 'the Allow header');
      expectEqual(body, '', 'the body');
    });
    await steps.step('a 405 lists OPTIONS in its Allow too', async () => {
      const { status, headers } = await ask('DELETE', '/hello');
      expectEqual(status, 405, 'the status for DELETE /hello');
      expectEqual(headers?.Allow, 'GET, POST, HEAD, OPTIONS', 'the Allow header');
    });
    await steps.step('OPTIONS on an unknown path is still a 404', async () => {
      expectEqual((await ask('OPTIONS', '/nowhere')).status, 404, 'the status for OPTIONS /nowhere');
    });
    await steps.step('a path\'s own OPTIONS handler runs, and OPTIONS is listed once', async () => {
      expectEqual((await ask('OPTIONS', '/custom')).body, 'my own options\n', 'the answer to OPTIONS /custom');
      expectEqual((await ask('GET', '/custom')).headers?.Allow, 'OPTIONS', 'the Allow of the 405 for GET /custom');
    });
    await steps.step('everything else is as before', async () => {
      expectEqual((await ask('GET', '/hello')).body, 'hello\n', 'the answer to GET /hello');
      expectEqual((await ask('HEAD', '/hello')).status, 200, 'the status for HEAD /hello');
      expectEqual((await ask('BREW', '/hello')).status, 501, 'the status for BREW /hello');
    });
  },
};
