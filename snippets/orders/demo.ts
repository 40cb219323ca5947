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
