// Two servers, one room: run against whichever two servers listen on two ports, two
// first servers (chapters/first.ts) or two House processes sharing Redis
// (chapters/processes.ts).
//
//   npx tsx chapters/processes-demos.ts two-servers <port> <other port>

// #region demo-two-servers
import { open } from './listen-demos.ts';
import { fail, HOST, parsePort } from './program.ts';

/** Ada listens to a room on the first server. Bea posts to the second, then Cy to the
 *  first; once Ada has heard Cy, did she hear Bea? */
async function twoServers(first: number, second: number): Promise<void> {
  console.log('Ada listens to the room lobby on the first server.');
  const ada = await open(first);
  ada.socket.write(`GET /source?room=lobby HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
  await heard(ada, /event: joined/);
  console.log(`  Bea posts to the second server: ${await post(second, 'Bea', 'second')}`);
  console.log(`  Cy posts to the first server:   ${await post(first, 'Cy', 'first')}`);
  await heard(ada, /hello from the first/);
  const messages = [...ada.received().matchAll(/^data: (\{.*\})$/gm)].map(([, json]) => {
    const { name, message } = JSON.parse(json!) as { name: string; message: string };
    return `${name}: ${message}`;
  });
  console.log(`  Ada heard: ${messages.join('; ')}`);
  ada.socket.destroy();
}

/** Posts "hello from the <where>" to the room lobby; resolves with the answer's body. */
async function post(port: number, name: string, where: string): Promise<string> {
  const form = `room=lobby&name=${name}&message=hello+from+the+${where}`;
  const client = await open(port);
  client.socket.write(`POST /send-message HTTP/1.1\r\nHost: ${HOST}\r\n` +
    'Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n' +
    `Content-Length: ${form.length}\r\n\r\n${form}`);
  await client.closed;
  return client.received().split('\r\n\r\n')[1]!.trim();
}

/** Resolves once what `client` received matches `pattern`. */
function heard(client: Awaited<ReturnType<typeof open>>, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!pattern.test(client.received())) return;
      client.socket.off('data', check);
      resolve();
    };
    client.socket.on('data', check);
    check();
  });
}
// #endregion demo-two-servers

// #region demo-main
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
// #endregion demo-main
