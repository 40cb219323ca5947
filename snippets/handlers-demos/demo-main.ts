if (process.argv[1] === import.meta.filename) {
  const [name, port = ''] = process.argv.slice(2);
  if (name === 'every-rule') {
    everyRule();
  } else if (name === 'bad-parameters') {
    badParameters(parsePort(port)).catch((error) => fail('handlers-demos', error));
  } else {
    console.error('Usage: npx tsx chapters/handlers-demos.ts bad-parameters <port>');
    console.error('       npx tsx chapters/handlers-demos.ts every-rule');
    process.exit(2);
  }
}
