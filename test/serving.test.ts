// Every chapter that serves reads PORT and stops on a signal the same way: with portFromEnv and
// stopOnSignal from the toolbox, chapters/program.ts. Each is run as a reader runs it, with tsx, to stop it with
// Ctrl-C. (parsePort's rules are tested in daytime.test.ts; here, that each chapter applies them.)
import { describe, expect, it } from 'vitest';
import { openSocket, record, runChapter, runChapterWithTsx, stopAfterTest } from './helpers.ts';

interface Serving {
  chapter: string;
  args: string[];
  /** What it prints once it is listening, with the port it got. */
  ready: RegExp;
}

const SERVING: Serving[] = [
  { chapter: 'daytime', args: ['server'], ready: /Daytime server on 127\.0\.0\.1:(\d+)\./ },
  { chapter: 'echo', args: ['server'], ready: /Echo server \(everyone at once\) on 127\.0\.0\.1:(\d+)\./ },
  { chapter: 'echo', args: ['serial'], ready: /Echo server \(one at a time\) on 127\.0\.0\.1:(\d+)\./ },
  { chapter: 'push', args: [], ready: /pushed two ways from http:\/\/127\.0\.0\.1:(\d+)\./ },
  { chapter: 'first', args: [], ready: /A first server: the chat on http:\/\/127\.0\.0\.1:(\d+)\// },
  { chapter: 'pubsub', args: [], ready: /curl -N http:\/\/127\.0\.0\.1:(\d+)\// },
  { chapter: 'listen', args: [], ready: /House is listening on http:\/\/127\.0\.0\.1:(\d+)\./ },
  { chapter: 'orders', args: [], ready: /Taking orders on http:\/\/127\.0\.0\.1:(\d+)\/order\./ },
  { chapter: 'chat', args: [], ready: /House chat on http:\/\/127\.0\.0\.1:(\d+)\// },
];

const name = ({ chapter, args }: Serving) => [chapter, ...args].join(' ');

describe.each(SERVING.map((serving) => [name(serving), serving] as const))('%s', (_, { chapter, args, ready }) => {
  it('refuses a PORT that is not a port: exit status 2, naming the value, nothing started', async () => {
    const program = stopAfterTest(runChapter(chapter, { PORT: 'banana' }, args));
    expect(await program.exited()).toBe(2);
    expect(program.output()).toContain('PORT must be a whole number from 0 to 65535, got "banana"');
    expect(program.output()).not.toMatch(ready);
    expect(program.output()).not.toMatch(/    at /); // a message, not a stack trace
  });

  // SIGTERM takes the same path (stopOnSignal listens for both); daytime's and echo's tests send it.
  it('stops on Ctrl-C (SIGINT), hanging up on a client still connected: "Stopping.", exit status 0', async () => {
    const program = stopAfterTest(runChapterWithTsx(chapter, { PORT: '0' }, args));
    const [, port] = await program.waitFor(ready);
    const client = await openSocket(Number(port));
    const heard = record(client);
    client.on('error', () => {}); // a reset is as good a hang-up as any
    expect(await program.stop('SIGINT')).toBe(0);
    expect(program.output()).toMatch(/^Stopping\.$/m);
    await heard.closed;
  });
});
