export const demos: Record<string, (port: number) => Promise<string[]>> = {
  'late-body': lateBody, 'every-byte': everyByte, smuggling, length,
};

if (process.argv[1] === import.meta.filename) {
  const [name = '', port = '4242'] = process.argv.slice(2);
  const demo = demos[name];
  if (demo === undefined) {
    const names = Object.keys(demos).join('|');
    console.error(`Usage: npx tsx chapters/parsing-demos.ts <${names}> [port]`);
    process.exit(2);
  }
  demo(parsePort(port))
    .then((lines) => console.log(lines.join('\n')))
    .catch((error) => fail('parsing-demos', error));
}
