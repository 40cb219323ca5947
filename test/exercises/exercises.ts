// Every exercise: its name (`<chapter>/<name>`), its check, and where its two files live.
// The starting file is the reader's (chapters/exercises/); the reference solution is kept
// out of the way (test/exercises/solutions/), for the tests and for reading afterwards.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exercise } from './kit.ts';
import { daytimeZone } from './checks/daytime-zone.ts';
import { echoUpper } from './checks/echo-upper.ts';
import { failuresAsk } from './checks/failures-ask.ts';
import { pushCatchUp } from './checks/push-catch-up.ts';
import { pubsubCap } from './checks/pubsub-cap.ts';
import { routingParams } from './checks/routing-params.ts';
import { routingOptions } from './checks/routing-options.ts';
import { parsingHeaderLimit } from './checks/parsing-header-limit.ts';
import { listenMaxConnections } from './checks/listen-max-connections.ts';
import { handlersDate } from './checks/handlers-date.ts';
import { chatRooms } from './checks/chat-rooms.ts';
import { processesReady } from './checks/processes-ready.ts';
import { processesStats } from './checks/processes-stats.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Each check is typed by its own starting file; here they only need to be run.
export const exercises: Record<string, Exercise<never>> = {
  'daytime/zone': daytimeZone,
  'echo/upper': echoUpper,
  'failures/ask': failuresAsk,
  'push/catch-up': pushCatchUp,
  'pubsub/cap': pubsubCap,
  'routing/params': routingParams,
  'routing/options': routingOptions,
  'parsing/header-limit': parsingHeaderLimit,
  'listen/max-connections': listenMaxConnections,
  'handlers/date': handlersDate,
  'chat/rooms': chatRooms,
  'processes/ready': processesReady,
  'processes/stats': processesStats,
};

/** tsc checks that each reference solution exports what its starting file does, with the same
 *  types (a type-only import: nothing is loaded). */
type Fits<Starter, Solution extends Starter> = [Starter, Solution];
export type SolutionsFitTheirStarters = [
  Fits<typeof import('../../chapters/exercises/daytime/zone.ts'), typeof import('./solutions/daytime/zone.ts')>,
  Fits<typeof import('../../chapters/exercises/echo/upper.ts'), typeof import('./solutions/echo/upper.ts')>,
  Fits<typeof import('../../chapters/exercises/failures/ask.ts'), typeof import('./solutions/failures/ask.ts')>,
  Fits<typeof import('../../chapters/exercises/push/catch-up.ts'), typeof import('./solutions/push/catch-up.ts')>,
  Fits<typeof import('../../chapters/exercises/pubsub/cap.ts'), typeof import('./solutions/pubsub/cap.ts')>,
  Fits<typeof import('../../chapters/exercises/routing/params.ts'), typeof import('./solutions/routing/params.ts')>,
  Fits<typeof import('../../chapters/exercises/routing/options.ts'), typeof import('./solutions/routing/options.ts')>,
  Fits<typeof import('../../chapters/exercises/parsing/header-limit.ts'), typeof import('./solutions/parsing/header-limit.ts')>,
  Fits<typeof import('../../chapters/exercises/listen/max-connections.ts'), typeof import('./solutions/listen/max-connections.ts')>,
  Fits<typeof import('../../chapters/exercises/handlers/date.ts'), typeof import('./solutions/handlers/date.ts')>,
  Fits<typeof import('../../chapters/exercises/chat/rooms.ts'), typeof import('./solutions/chat/rooms.ts')>,
  Fits<typeof import('../../chapters/exercises/processes/ready.ts'), typeof import('./solutions/processes/ready.ts')>,
  Fits<typeof import('../../chapters/exercises/processes/stats.ts'), typeof import('./solutions/processes/stats.ts')>,
];

export function starterFile(name: string): string {
  return join(root, 'chapters', 'exercises', `${name}.ts`);
}

export function solutionFile(name: string): string {
  return join(root, 'test', 'exercises', 'solutions', `${name}.ts`);
}
