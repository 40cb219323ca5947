/** One House process: the chat, with the rooms the environment asks for. `npm start`
 *  runs it, and so does each worker of the cluster. */
async function serve(): Promise<void> {
  await main(await roomsFromEnv());
}

if (process.argv[1] === import.meta.filename) {
  const program = cluster.isWorker || process.argv[2] === 'serve' ? serve : demo;
  program().catch((error) => fail('house', error));
}
