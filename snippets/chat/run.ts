if (process.argv[1] === import.meta.filename) {
  main().catch((error) => fail('house', error));
}
