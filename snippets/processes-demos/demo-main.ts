if (process.argv[1] === import.meta.filename) {
  const [name, first = '', second = ''] = process.argv.slice(2);
  if (name !== 'two-servers') {
    const file = 'chapters/processes-demos.ts';
    console.error(`Usage: npx tsx ${file} two-servers <port> <other port>`);
    process.exit(2);
  }
  twoServers(parsePort(first), parsePort(second))
    .catch((error) => fail('processes-demos', error));
}
