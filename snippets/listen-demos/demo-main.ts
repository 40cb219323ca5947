const demos: Record<string, (port: number, seconds: number) => Promise<void>> = {
  'endless-head': endlessHead,
  'two-requests': twoRequests,
};

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '', seconds = '12'] = process.argv.slice(2);
  const demo = demos[name];
  if (name === 'first-with-deadline' || name === 'first-keeping-alive') {
    const served = name === 'first-with-deadline'
      ? serveChat('A first server with a deadline', start) : firstKeepingAlive();
    served.catch((error) => failProgram('listen-demos', error));
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
