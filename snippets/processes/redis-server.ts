/** A redis-server of our own on a free port, keeping nothing on disk;
 *  stopped by its pid. */
async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'house-redis-'));
  const args = [
    '--port', String(port), '--bind', HOST, '--save', '',
    '--appendonly', 'no', '--dir', dir,
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await readyFor(child);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `redis://${HOST}:${port}`, stop };
}

function readyFor(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      said += chunk;
      if (said.includes('Ready to accept connections')) resolve();
    });
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT'
      ? new Error('no redis-server here: install it (apt-get install redis-server) ' +
        'or set REDIS_URL to a Redis you have')
      : error));
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited with ${code}:\n${said}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject).listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
