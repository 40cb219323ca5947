/** The argument that makes a chapter file run
 *  as a child serving the sockets it is sent. */
export const CHILD = '--serve-sent-sockets';

/** For each child: resolves true once it says it is ready for sockets,
 *  false if it exits first. */
const readiness = new WeakMap<ChildProcess, Promise<boolean>>();

/** Starts `file` again as a child process. It gets the same Node flags as this one
 *  (tsx's included), so it can be a chapter file. */
export function forkChild(file: string): ChildProcess {
  const child = fork(file, [CHILD], { stdio: 'inherit' });
  // Listen for "ready" from the start: a message nobody listens for is lost.
  const ready = new Promise<boolean>((resolve) => {
    const onMessage = (message: unknown) => message === 'ready' && settle(true);
    const settle = (isReady: boolean) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(isReady);
    };
    const onExit = () => settle(false);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  readiness.set(child, ready);
  return child;
}

/** Gives `socket` to `child` once the child is ready for it. The socket then belongs to
 *  the child: this process closes its own copy as soon as it has been sent. */
export async function handOff(
  child: ChildProcess, socket: Socket, sent = () => {},
): Promise<void> {
  const ready = await readiness.get(child);
  // Nobody will serve it:
  if (!ready || !child.connected || socket.destroyed) return void socket.destroy();
  child.send('socket', socket, (error) => (error ? socket.destroy() : sent()));
}

/** In a child: serves every socket the parent sends, and goes when the parent does.
 *  It says "ready" only once it listens, for the same reason. */
export function serveSentSockets(serve: (socket: Socket) => void): void {
  process.on('message', (message, handle) => {
    if (message === 'socket' && handle instanceof Socket) serve(handle);
  });
  process.once('disconnect', () => process.exit(0));
  process.send!('ready');
}
