// The first server's parameters, run against whichever server listens on a port:
// chapters/first.ts, or the finished chat (chapters/chat.ts); and the first server's
// readArguments, changed to report every broken rule, run on the same forms.
//
//   npx tsx chapters/handlers-demos.ts bad-parameters <port>
//   npx tsx chapters/handlers-demos.ts every-rule

// #region demo-imports
import {
  assertHttp, atLeast, atMost, HttpAssertionError, parse, uriDecode,
  type Arguments, type Rule,
} from './first.ts';
import { open } from './listen-demos.ts';
import { fail, HOST, parsePort } from './program.ts';
// #endregion demo-imports

// #region demo-bad-parameters

/** Forms the chat's page would never send, and why each is wrong. */
const BAD_FORMS: [why: string, form: string][] = [
  ['three rules broken', 'room=a-room-name-too-long&message=hi'],
  ['room given twice', 'room=lobby&room=kitchen&name=Ada&message=hello+both'],
];

/** Posts each form on a connection of its own, and prints the status and the body that
 *  came back. */
async function badParameters(port: number): Promise<void> {
  for (const [why, form] of BAD_FORMS) {
    console.log(`${why}: ${form}`);
    const client = await open(port);
    client.socket.write(`POST /send-message HTTP/1.1\r\nHost: ${HOST}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n' +
      `Content-Length: ${form.length}\r\n\r\n${form}`);
    await client.closed;
    const [head = '', body = ''] = client.received().split('\r\n\r\n');
    const status = head.split('\r\n')[0]!.split(' ').slice(1).join(' ');
    for (const line of [status, ...body.trimEnd().split('\n')]) console.log(`  ${line}`);
  }
}
// #endregion demo-bad-parameters

// #region every-rule
/** The draft's unrolled loop, as a loop that doesn't stop at a broken rule: for each
 *  declared parameter, find it, decode it, check its rule; then report all it found. */
export function readArguments<Declared extends Record<string, Rule>>(
  declared: Declared,
  parameters: Map<string, string>,
): Arguments<Declared> {
  const args: Record<string, string> = {};
  const broken: string[] = [];
  for (const [name, { min, max }] of Object.entries(declared)) {
    const encoded = parameters.get(name);
    if (encoded === undefined) {
      broken.push(`${name}: is required`);
      continue;
    }
    const value = uriDecode(encoded);
    const length = [...value].length;
    if (min !== undefined && length < min) broken.push(`${name}: ${atLeast(min)}`);
    if (max !== undefined && length > max) broken.push(`${name}: ${atMost(max)}`);
    args[name] = value;
  }
  assertHttp(broken.length === 0, broken.join('\n'));
  return args as Arguments<Declared>;
}
// #endregion every-rule

// #region demo-every-rule
/** The chat's `/send-message` declaration, as chapters/first.ts writes it. */
const MESSAGE = {
  room: { min: 1, max: 16 }, name: { min: 1, max: 64 }, message: { min: 5, max: 256 },
};

/** Reads each bad form with the `readArguments` above, as the first server would
 *  parse it, and prints what it read or every rule it found broken. */
function everyRule(): void {
  for (const [why, form] of BAD_FORMS) {
    console.log(`${why}: ${form}`);
    const { parameters } = parse(`POST /send-message HTTP/1.1\r\n\r\n${form}`);
    try {
      const args = readArguments(MESSAGE, parameters);
      console.log(`  read ${JSON.stringify(args)}`);
    } catch (error) {
      if (!(error instanceof HttpAssertionError)) throw error;
      for (const line of error.message.split('\n')) console.log(`  ${line}`);
    }
  }
}
// #endregion demo-every-rule

// #region demo-main
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
// #endregion demo-main
