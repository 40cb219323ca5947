if (process.argv[1] === import.meta.filename) {
  const program = cluster.isWorker || process.argv[2] === 'serve' ? serve : demo;
  program().catch((error) => fail('house', error));
}
