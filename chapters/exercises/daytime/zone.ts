// Exercise daytime/zone: a daytime server that answers in the time zone
// its client asks for.
// Check your work with: npm run exercise daytime/zone
//
// The client sends one line, an IANA time zone name such as `Europe/Paris`, or an empty
// line for UTC. The server answers one line and hangs up:
//   2026-07-01 14:00:00 Europe/Paris\r\n          for a zone it knows
//   error: unknown time zone "Mars/Olympus"\r\n   for one it doesn't
// A client that sends more than MAX_ZONE_BYTES without a line break gets the error line
// `error: the time zone name is too long` and is hung up on.
import { createServer, type Server } from 'node:net';
import { daytimeLine, type Log } from '../../daytime.ts';

/** The longest zone name we wait for. IANA's longest is 30 characters. */
export const MAX_ZONE_BYTES = 64;

/** `now` is the clock, so the check can ask what time it was at a moment it chose. */
export function createZoneServer(
  now: () => Date = () => new Date(), log: Log = console.log,
): Server {
  return createServer((socket) => {
    socket.on('error', (error) => log(`daytime/zone: ${error.message}`));
    // TODO: read the client's line first (it may arrive in pieces), then answer
    // in its zone, formatted like `2026-07-01 14:00:00 Europe/Paris`. For now this
    // ignores the client.
    socket.end(daytimeLine(now()));
  });
}
