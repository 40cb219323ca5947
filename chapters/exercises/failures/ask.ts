// Exercise failures/ask: a client that names what went wrong instead of throwing, and
// retries only when retrying is safe.
// Check your work with: npm run exercise failures/ask
//
// `ask` connects, sends one line and waits for one line back. Whatever happens, it
// resolves with an Outcome (it never rejects) and lets go of its socket:
//   { kind: 'answer', line }   the server answered
//   { kind: 'refused' }        nobody listens on the port
//   { kind: 'reset' }          the server reset the connection
//   { kind: 'hung-up' }        the server closed its side without answering
//   { kind: 'timeout' }        no answer within `timeoutMs`
// A refused connection never reached a server, so it is safe to try again: up to
// `attempts` tries in all, calling `pause()` between two of them. After a reset,
// a hang-up or a timeout the server may already have acted on our line, so those
// are never retried.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOST } from '../../program.ts';

export type Outcome =
  | { kind: 'answer'; line: string }
  | { kind: 'refused' | 'reset' | 'hung-up' | 'timeout' };

export interface AskOptions {
  timeoutMs: number;
  /** How many connections to try in all, when they are refused. */
  attempts?: number;
  /** Runs between two attempts. */
  pause?: () => Promise<unknown>;
}

export function ask(
  port: number, line: string,
  { timeoutMs, attempts = 1, pause = () => sleep(100) }: AskOptions,
): Promise<Outcome> {
  // TODO: try again after a refusal, up to `attempts` tries, calling pause() in between.
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST);
    const lines = createInterface({ input: socket });
    let finished = false;
    const finish = (outcome: Outcome | Error) => {
      if (finished) return;
      finished = true;
      lines.close();
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    socket.write(`${line}\n`);
    lines.once('line', (answer) => finish({ kind: 'answer', line: answer }));
    // TODO: each of these is an outcome of its own, not an error.
    lines.once('error', (error) => finish(error));
    socket.once('end', () => finish(new Error('the server hung up')));
    socket.setTimeout(timeoutMs, () =>
      finish(new Error(`no answer within ${timeoutMs} ms`)));
  });
}
