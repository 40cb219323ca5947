// One process of fan-out subscribers, started by test/bench/fanout.ts over IPC. It opens its share of the
// streams, says when all have joined, and counts what each stream hears: every message once, in order, and
// how long after it was sent (the sender writes process.hrtime in the message; the clock is the machine's).
import { connect, type Socket } from 'node:net';

type Command =
  | { type: 'open'; port: number; room: string; count: number }
  | { type: 'expect'; messages: number; timeoutMs: number }
  | { type: 'close' };

/** A chat message's data line, read without parsing its JSON: a client that parses ten messages for
 *  each of 1,000 streams at every burst would fall behind the server it measures. */
const MESSAGE = /^data: \{.*"message":"(?:m (\d+) (\d+)|warm-up)"/m;
const OPEN_AT_ONCE = 100;  // stays well inside the server's accept backlog
const streams: Subscriber[] = [];

class Subscriber {
  joined!: Promise<void>;
  next = 1;         // the message number this stream should hear next
  heard = 0;
  wrong = 0;        // out of order, repeated, or unreadable
  readonly latenciesUs: number[] = [];
  #tail = '';
  readonly socket: Socket;

  constructor(port: number, room: string, private readonly onMessage: () => void) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setEncoding('utf8');
    this.joined = new Promise((resolve, reject) => {
      let joined = false;
      this.socket.once('error', reject);
      this.socket.on('data', (text: string) => {
        const now = Number(process.hrtime.bigint() / 1000n);
        const frames = (this.#tail + text).split('\n\n');
        this.#tail = frames.pop()!;
        for (const frame of frames) {
          if (!joined && frame.includes('event: joined')) {
            joined = true;
            resolve();
          } else this.#message(frame, now);
        }
      });
      this.socket.write(`GET /source?room=${room} HTTP/1.1\r\nHost: bench\r\n\r\n`);
    });
  }

  #message(frame: string, nowUs: number): void {
    if (!frame.includes('data: ')) return;  // a head, a heartbeat comment
    const match = MESSAGE.exec(frame);
    if (!match) return void this.wrong++;
    if (match[1] === undefined) return;  // a warm-up message, posted before the measured window
    const number = Number(match[1]);
    if (number !== this.next) this.wrong++;
    this.next = number + 1;
    this.heard++;
    this.latenciesUs.push(nowUs - Number(match[2]));
    this.onMessage();
  }
}

let waiting: { goal: number; done: () => void } | undefined;
let heardTotal = 0;
const heardOne = () => {
  heardTotal++;
  if (waiting && heardTotal >= waiting.goal) waiting.done();
};

async function open(port: number, room: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += OPEN_AT_ONCE) {
    const batch = Array.from({ length: Math.min(OPEN_AT_ONCE, count - i) }, () => new Subscriber(port, room, heardOne));
    streams.push(...batch);
    await Promise.all(batch.map((s) => s.joined));
  }
}

function expect(messages: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    waiting = { goal: messages * streams.length, done: () => { clearTimeout(timer); resolve(); } };
    if (heardTotal >= waiting.goal) waiting.done();
  });
}

process.on('message', async (command: Command) => {
  try {
    if (command.type === 'open') {
      await open(command.port, command.room, command.count);
      process.send!({ type: 'opened' });
    } else if (command.type === 'expect') {
      await expect(command.messages, command.timeoutMs);
      const missing = streams.reduce((sum, s) => sum + Math.max(0, command.messages - s.heard), 0);
      process.send!({
        type: 'heard',
        heard: heardTotal,
        wrong: streams.reduce((sum, s) => sum + s.wrong, 0),
        missing,
        latenciesUs: streams.flatMap((s) => s.latenciesUs),
      });
    } else {
      for (const s of streams) s.socket.destroy();
      process.exit(0);
    }
  } catch (error) {
    process.send!({ type: 'failed', message: String(error) });
  }
});
