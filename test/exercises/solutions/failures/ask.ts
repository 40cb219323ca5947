// Reference solution for failures/ask. Kept out of the reader's way: read it after your own.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOST } from '../../../../chapters/program.ts';

export type Outcome =
  | { kind: 'answer'; line: string }
  | { kind: 'refused' | 'reset' | 'hung-up' | 'timeout' };

export interface AskOptions {
  timeoutMs: number;
  attempts?: number;
  pause?: () => Promise<unknown>;
}

export async function ask(port: number, line: string, { timeoutMs, attempts = 1, pause = () => sleep(100) }: AskOptions): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await askOnce(port, line, timeoutMs);
    // Only a refusal proves the server never saw the line.
    if (outcome.kind !== 'refused' || attempt >= attempts) return outcome;
    await pause();
  }
}

function askOnce(port: number, line: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    const lines = createInterface({ input: socket });
    let finished = false;
    const finish = (outcome: Outcome) => {
      if (finished) return;
      finished = true;
      lines.close();
      socket.destroy();
      resolve(outcome);
    };
    socket.write(`${line}\n`);
    lines.once('line', (answer) => finish({ kind: 'answer', line: answer }));
    lines.once('error', (error: NodeJS.ErrnoException) => finish({ kind: kindOf(error) }));
    socket.once('end', () => finish({ kind: 'hung-up' }));
    socket.setTimeout(timeoutMs, () => finish({ kind: 'timeout' }));
  });
}

function kindOf(error: NodeJS.ErrnoException): 'refused' | 'reset' | 'hung-up' {
  if (error.code === 'ECONNREFUSED') return 'refused';
  if (error.code === 'ECONNRESET') return 'reset';
  return 'hung-up';  // EPIPE and the like: the other side is gone
}
