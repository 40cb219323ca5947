/** An echo server, serving until Ctrl-C; `kind` says which. */
async function serveEcho(
  server: Server, port: number, kind: string, stop?: () => Promise<void>,
): Promise<void> {
  const actual = await serve('echo server', server, port, stop);
  console.log(`Echo server (${kind}) on ${HOST}:${actual}. Stop it with Ctrl-C.`);
  console.log('In other terminals, run:');
  console.log(`  PORT=${actual} npx tsx chapters/echo.ts client`);
}

async function client(port: number): Promise<void> {
  try {
    await echoClient(port, process.stdin, process.stdout);
    console.error('echo client: the server closed the connection');
  } catch (error) {
    fail('echo client', error);
  } finally {
    process.stdin.destroy(); // stop waiting for typing, so the program can end
  }
}

async function multiplexed(port: number): Promise<void> {
  try {
    await multiplexedClient(port, readLineBlocking, process.stdout);
    console.error('multiplexed client: the connection is closed');
  } catch (error) {
    fail('multiplexed client', error);
  }
}

async function pressure(): Promise<void> {
  const servers = { echoCarelessly, echo };
  for (const [name, handle] of Object.entries(servers)) {
    const { read, held, echoed, highWaterMark } = await measureBacklog(handle);
    const returned = echoed === FLOOD_BYTES ? 'every byte' : size(echoed);
    console.log(`${name}: a client sent ${size(FLOOD_BYTES)} and read nothing.`);
    console.log(`  The server read ${size(read)} and holds ${size(held)} unsent.`);
    console.log(`  (Its socket's high-water mark: ${size(highWaterMark)}.)`);
    console.log(`  Then the client read: ${returned} came back.`);
  }
}

function pool(port: number): Promise<void> {
  const { server, pids, stop } = createEchoPool();
  const processes = `${pids.length} processes (${pids.join(', ')})`;
  return serveEcho(server, port, `a pool of ${processes}`, stop);
}

function size(bytes: number): string {
  const KiB = 1024;
  const MiB = 1024 * KiB;
  if (bytes < MiB) return `${(bytes / KiB).toFixed(1)} KiB`;
  return `${(bytes / MiB).toFixed(1)} MiB`;
}
