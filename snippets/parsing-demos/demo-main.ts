export const demos: Record<string, (port: number) => Promise<string[]>> = {
  'late-body': lateBody, 'every-byte': everyByte, smuggling, length,
};

/** The first server's chat, reading bytes as above. */
async function firstReadingBytes(): Promise<void> {
  const port = await start(portFromEnv(4242));
  stopOnSignal(closer(servers[0]!));
  console.log(`A first server reading bytes: the chat on http://${HOST}:${port}/`);
}

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '4242'] = process.argv.slice(2);
  const demo = demos[name];
  if (name === 'first-reading-bytes' || name === 'first-with-one-reading') {
    const serve = name === 'first-with-one-reading' ? firstWithOneReading
      : firstReadingBytes;
    serve().catch((error) => fail('parsing-demos', error));
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
