async function server(port: number): Promise<void> {
  const server = createDaytimeServer();
  stopOnSignal(closer(server));
  try {
    const actual = await listen(server, port);
    console.log(`Daytime server on ${HOST}:${actual}. Stop it with Ctrl-C.`);
    console.log('In another terminal, run:');
    console.log(`  PORT=${actual} npx tsx chapters/daytime.ts client`);
  } catch (error) {
    fail(`daytime server: cannot listen on ${HOST}:${port}`, error);
  }
}

async function forkingServer(port: number): Promise<void> {
  const server = createForkingDaytimeServer();
  stopOnSignal(closer(server));
  try {
    const actual = await listen(server, port);
    console.log(
      `Daytime server, a process per client, on ${HOST}:${actual}. Stop it with Ctrl-C.`);
    console.log('In another terminal, run:');
    console.log(`  PORT=${actual} npx tsx chapters/daytime.ts client`);
  } catch (error) {
    fail(`daytime server: cannot listen on ${HOST}:${port}`, error);
  }
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

/** A careful program's last words: what went wrong, and a failing exit code. */
export function fail(who: string, error: unknown): void {
  console.error(`${who}: ${(error as Error).message}`);
  process.exitCode = 1;
}
