/** A careful server, serving until Ctrl-C; `kind` says which. */
async function serveTime(server: Server, port: number, kind: string): Promise<void> {
  const actual = await serve('daytime server', server, port);
  console.log(`Daytime server${kind} on ${HOST}:${actual}. Stop it with Ctrl-C.`);
  console.log('In another terminal, run:');
  console.log(`  PORT=${actual} npx tsx chapters/daytime.ts client`);
}

async function client(port: number): Promise<void> {
  try {
    console.log(await readDaytime(port));
  } catch (error) {
    fail('daytime client', error);
  }
}

async function demo(port: number): Promise<void> {
  const server = createDaytimeServer((line) => console.log(`server: ${line}`));
  try {
    const actual = await listen(server, port);
    console.log(`server: listening on ${HOST}:${actual}`);
    console.log(`client: ${await readDaytime(actual)}`);
  } catch (error) {
    fail('daytime demo', error);
  } finally {
    server.close();
  }
}
