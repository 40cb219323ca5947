import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { eventsOf } from '../../../helpers.ts';
import type * as Starter from '../../../../chapters/exercises/pubsub/cap.ts';
import type * as Solution from '../../solutions/pubsub/cap.ts';
import { expectEqual, expectThat, within, type Exercise, type Fits } from '../../kit.ts';

/** A subscriber the check can read: a stream that records every frame written to it. */
function subscriber() {
  const stream = new PassThrough();
  let received = '';
  stream.on('data', (chunk: Buffer) => (received += chunk.toString()));
  return { stream, received: () => received };
}

/** tsc checks that the reference solution exports what the starting file does, with the same types. */
export type SolutionFits = Fits<typeof Starter, typeof Solution>;

export const exercise: Exercise<typeof Starter> = {
  task: 'channels that turn away subscribers beyond a cap, with a `full` event',
  async check({ CappedChannels }, steps) {
    const channels = new CappedChannels(2);
    try {
      const [a, b, c, d] = [subscriber(), subscriber(), subscriber(), subscriber()];
      await steps.step('takes subscribers up to the cap', () => {
        channels.subscribe('lobby', eventsOf(a.stream));
        channels.subscribe('lobby', eventsOf(b.stream));
        expectEqual(channels.subscribers('lobby'), 2, 'subscribers of lobby');
      });
      await steps.step('turns the next one away with a `full` event, and ends its stream', () => {
        channels.subscribe('lobby', eventsOf(c.stream));
        expectEqual(channels.subscribers('lobby'), 2, 'subscribers of lobby after a third tried to join');
        expectThat(/^event: full\ndata: .*lobby.*\n\n$/.test(c.received()),
          `the third subscriber should get one \`event: full\` frame naming lobby, got ${JSON.stringify(c.received())}`);
        expectThat(c.stream.writableEnded, 'the third subscriber\'s stream should be ended');
      });
      await steps.step('a publish reaches the two members only', () => {
        expectEqual(channels.publish('lobby', 'hello'), 2, 'subscribers the publish reached');
        expectThat(!c.received().includes('hello'), 'the subscriber turned away should not hear what lobby says');
      });
      await steps.step('a member subscribing again is not turned away', () => {
        channels.subscribe('lobby', eventsOf(a.stream));
        expectThat(!a.received().includes('event: full'), 'a member subscribing again was told the channel is full');
        expectThat(!a.stream.writableEnded, 'a member subscribing again had its stream ended');
        expectEqual(channels.subscribers('lobby'), 2, 'subscribers of lobby');
      });
      await steps.step('other channels have their own places', () => {
        const other = subscriber();
        channels.subscribe('kitchen', eventsOf(other.stream));
        expectEqual(channels.subscribers('kitchen'), 1, 'subscribers of kitchen');
        expectThat(!other.received().includes('event: full'), 'kitchen was said to be full');
      });
      await steps.step('a member who leaves frees a place', async () => {
        a.stream.destroy();
        await within(once(a.stream, 'close'), 'the first subscriber closing');
        channels.subscribe('lobby', eventsOf(d.stream));
        expectEqual(channels.subscribers('lobby'), 2, 'subscribers of lobby once one left and another joined');
        expectThat(!d.received().includes('event: full'), 'a newcomer after someone left was told lobby is full');
      });
      await steps.step('a second newcomer is turned away the same way', () => {
        const e = subscriber();
        channels.subscribe('lobby', eventsOf(e.stream));
        expectThat(e.received().startsWith('event: full\n'), `an EventStream newcomer should get \`event: full\`, got ${JSON.stringify(e.received())}`);
        expectEqual(channels.subscribers('lobby'), 2, 'subscribers of lobby');
      });
    } finally {
      channels.close();
    }
  },
};
