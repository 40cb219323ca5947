const demos: Record<string, (port: number, seconds: number) => Promise<void>> = {
  'endless-head': endlessHead,
  'two-requests': twoRequests,
};

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '', seconds = '12'] = process.argv.slice(2);
  const demo = demos[name];
  if (demo === undefined) {
    const usage = `<${Object.keys(demos).join('|')}> <port> [seconds]`;
    console.error(`Usage: npx tsx chapters/listen-demos.ts ${usage}`);
    process.exit(2);
  }
  demo(parsePort(port), Number(seconds)).catch((error) => fail('listen-demos', error));
}
