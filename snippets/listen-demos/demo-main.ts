const demos: Record<string, (port: number, seconds: number) => Promise<void>> = {
  'endless-head': endlessHead,
  'two-requests': twoRequests,
};

/** The first server's chat, with the deadline above. */
async function firstWithDeadline(): Promise<void> {
  const port = await start(portFromEnv(4242));
  stopOnSignal(closer(servers[0]!));
  console.log(`A first server with a deadline: the chat on http://${HOST}:${port}/`);
}

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '', seconds = '12'] = process.argv.slice(2);
  const demo = demos[name];
  if (name === 'first-with-deadline' || name === 'first-keeping-alive') {
    const serve = name === 'first-with-deadline' ? firstWithDeadline : firstKeepingAlive;
    serve().catch((error) => failProgram('listen-demos', error));
  } else if (demo === undefined) {
    const usage = `<${Object.keys(demos).join('|')}> <port> [seconds]`;
    console.error(`Usage: npx tsx chapters/listen-demos.ts ${usage}`);
    console.error('       npx tsx chapters/listen-demos.ts first-with-deadline');
    console.error('       npx tsx chapters/listen-demos.ts first-keeping-alive');
    process.exit(2);
  } else {
    demo(parsePort(port), Number(seconds))
      .catch((error) => failProgram('listen-demos', error));
  }
}
