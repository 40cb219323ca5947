export const demos: Record<string, (port: number) => Promise<string[]>> = {
  'late-body': lateBody, 'every-byte': everyByte, smuggling, length,
};

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '4242'] = process.argv.slice(2);
  const demo = demos[name];
  if (name === 'first-reading-bytes' || name === 'first-with-one-reading') {
    const served = name === 'first-with-one-reading'
      ? firstWithOneReading() : serveChat('A first server reading bytes', start);
    served.catch((error) => fail('parsing-demos', error));
  } else if (demo === undefined) {
    const names = Object.keys(demos).join('|');
    console.error(`Usage: npx tsx chapters/parsing-demos.ts <${names}> [port]`);
    console.error('       npx tsx chapters/parsing-demos.ts first-reading-bytes');
    console.error('       npx tsx chapters/parsing-demos.ts first-with-one-reading');
    process.exit(2);
  } else {
    demo(parsePort(port))
      .then((lines) => console.log(lines.join('\n')))
      .catch((error) => fail('parsing-demos', error));
  }
}
