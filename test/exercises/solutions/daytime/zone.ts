// Reference solution for daytime/zone. Kept out of the reader's way: read it after your own.
import { createServer, type Server, type Socket } from 'node:net';
import type { Log } from '../../../../chapters/daytime.ts';

export const MAX_ZONE_BYTES = 64;

export function createZoneServer(now: () => Date = () => new Date(), log: Log = console.log): Server {
  return createServer((socket) => {
    socket.on('error', (error) => log(`daytime/zone: ${error.message}`));
    readLine(socket, MAX_ZONE_BYTES, (line) => {
      if (line === undefined) return socket.end('error: the time zone name is too long\r\n');
      socket.end(`${answer(line.trim() || 'UTC', now())}\r\n`);
    });
  });
}

/** Collects bytes up to the first LF (a CR before it is dropped); `undefined` if the line grows past `max`. */
function readLine(socket: Socket, max: number, then: (line: string | undefined) => void): void {
  let pending = '';
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    const end = pending.indexOf('\n');
    if (end === -1 && pending.length <= max) return;
    socket.off('data', onData);
    socket.resume();  // whatever else comes is read and dropped
    then(end === -1 || end > max ? undefined : pending.slice(0, end).replace(/\r$/, ''));
  };
  socket.on('data', onData);
}

function answer(zone: string, at: Date): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
  } catch {
    return `error: unknown time zone ${JSON.stringify(zone)}`;
  }
  const part = Object.fromEntries(format.formatToParts(at).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second} ${zone}`;
}
