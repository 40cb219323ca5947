function failed(error: Error): void {
  console.error(`house: ${error.message}`);
  process.exit(1);
}

if (process.argv[1] === import.meta.filename) {
  if (cluster.isWorker || process.argv[2] === 'serve') serve().catch(failed);
  else demo().catch(failed);
}
