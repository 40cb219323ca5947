/** Two House processes on two ports, one Redis between them. Each worker is this same
 *  file, run by node:cluster; a worker serves, the primary only watches. */
async function demo(): Promise<void> {
  const redis = process.env.REDIS_URL
    ? { url: process.env.REDIS_URL, stop: () => {} }
    : await startRedis();
  const first = portFromEnv(4242);
  const ports = first === 0 ? [0, 0] : [first, first + 1];  // PORT=0: any two free ports
  const workers = ports.map((port) =>
    cluster.fork({ PORT: String(port), REDIS_URL: redis.url }));
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  let running = workers.length;
  cluster.on('exit', (worker: Worker, code) => {
    if (!stopping) {
      console.error(
        `house: process ${worker.process.pid} stopped (${code}); the others go on`);
    }
    if (--running > 0) return;
    redis.stop();
    process.exit(stopping ? 0 : 1);
  });
  const onSignal = () => {
    console.log('Stopping.');
    stopAll();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const listeningOn = await Promise.all(workers.map(listening)).catch((error: Error) => {
    stopAll();
    redis.stop();
    throw error;
  });
  const [a, b] = listeningOn.map((port) => `http://${HOST}:${port}`);
  console.log(`Two House processes share the rooms on ${redis.url}:\n` +
    `  ${a}/   and   ${b}/\n` +
    'Open one in each of two windows and talk, or in three terminals:\n' +
    `  curl -N '${a}/source?room=lobby'\n` +
    `  curl -N '${b}/source?room=lobby'\n` +
    `  curl -d room=lobby -d name=Ada -d 'message=hello both' ${b}/send-message\n` +
    'Ctrl-C stops everything.');
}

/** Resolves with the port a worker listens on;
 *  rejects if it dies first (it says why on its own stderr). */
function listening(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    worker.once('listening', (address) => resolve(address.port));
    worker.once('exit', (code) =>
      reject(new Error(`a House process exited with ${code} before listening`)));
  });
}
