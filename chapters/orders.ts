// The handler DSL at work: a pizza order that uses every built-in type and one of its
// own, a handler that misuses its arguments (and doesn't compile), and a server for
// the order. It imports the DSL the way any program using it would.
//
//   npx tsx chapters/orders.ts   describe the order handler, then serve it on PORT (4004)

// #region imports
import {
  responseHandler, describe, integer, list, oneOf, optional, scalar, string,
} from './handlers.ts';
import { start } from './listen.ts';
import { Router, text } from './routing.ts';
import { fail, portFromEnv, stopOnSignal } from './program.ts';
// #endregion imports

// #region example
/** A type of your own: a time of day like 18:30, read into hours and minutes. */
export const clockTime = scalar({
  accepts: 'a time like 18:30',
  convert: (raw) => {
    const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(raw);
    return match ? { hours: Number(match[1]), minutes: Number(match[2]) } : undefined;
  },
});

export const order = responseHandler(
  {
    size: oneOf('small', 'medium', 'large'),
    count: integer({ min: 1, max: 12 }),
    toppings: list(string({ min: 1, max: 20 }), { max: 5 }),
    at: optional(clockTime),
    note: optional(string({ max: 140 }), ''),
  },
  ({ size, count, toppings, at, note }) => {
    const pizzas = `${count} ${size} ${count === 1 ? 'pizza' : 'pizzas'}`;
    const topped = toppings.length > 0 ? ` with ${toppings.join(', ')}` : '';
    const minutes = String(at?.minutes).padStart(2, '0');
    const when = at ? ` at ${at.hours}:${minutes}` : ' as soon as possible';
    return text(`${pizzas}${topped}${when}.${note ? ` Note: ${note}` : ''}\n`);
  },
);
// #endregion example

// #region misuse
export const sloppy = responseHandler(
  { size: oneOf('small', 'large'), count: integer() },
  ({ size, count }) => {
    // There is no 'huge' size, and TypeScript knows it:
    // @ts-expect-error
    if (size === 'huge') return text('that is a lot of pizza');
    // count is a number, so it has no string methods:
    // @ts-expect-error
    return text(count.padStart(3));
  },
);
// #endregion misuse

// #region demo
if (process.argv[1] === import.meta.filename) {
  console.log(`GET /order is ${describe(order)}\n`);
  const router = new Router().on('GET', '/order', order);
  const server = await start(router, { port: portFromEnv(4004) })
    .catch((error) => fail('house', error));
  stopOnSignal(() => server.stop());  // before saying we're ready: a Ctrl-C may come next
  const url = `http://${server.host}:${server.port}/order`;
  console.log(`Taking orders on ${url}. Try:`);
  const query = 'size=large&count=2&toppings=olives&toppings=basil&at=19:30';
  console.log(`  curl '${url}?${query}'`);
  console.log(`  curl -i '${url}?size=huge&count=2x&at=7pm'   # 400, naming each rule`);
}
// #endregion demo
