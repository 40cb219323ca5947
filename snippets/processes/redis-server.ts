/** A redis-server of our own on a free port, keeping nothing on disk;
 *  stopped by its pid. */
async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'house-redis-'));
  const child = spawnRedis(port, dir);
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await redisReady(child);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `redis://${HOST}:${port}`, stop };
}

/** Starts redis-server on `port` with nothing kept on disk (`dir` is where it would
 *  write). The tests start theirs with this too. */
export function spawnRedis(port: number, dir: string): ChildProcess {
  const args = [
    '--port', String(port), '--bind', HOST, '--save', '',
    '--appendonly', 'no', '--dir', dir,
  ];
  return spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Resolves once the server says it accepts connections; rejects if it can't start. */
export function redisReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    const onData = (chunk: Buffer) => {
      said += chunk;
      if (!said.includes('Ready to accept connections')) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();  // from now on, what it logs is dropped: it never blocks
      resolve();
    };
    child.stdout!.on('data', onData);
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT'
      ? new Error('no redis-server here: install it (apt-get install redis-server) ' +
        'or set REDIS_URL to a Redis you have')
      : error));
    child.once('exit', (code) => reject(new Error(
      `redis-server exited with ${code} before it was ready:\n${said}`)));
  });
}
