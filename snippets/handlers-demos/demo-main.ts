if (process.argv[1] === import.meta.filename) {
  const [name, port = ''] = process.argv.slice(2);
  if (name !== 'bad-parameters') {
    console.error('Usage: npx tsx chapters/handlers-demos.ts bad-parameters <port>');
    process.exit(2);
  }
  badParameters(parsePort(port)).catch((error) => fail('handlers-demos', error));
}
