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
import { parsingHeaderLimit } from './checks/parsing-header-limit.ts';
import { listenMaxConnections } from './checks/listen-max-connections.ts';
import { handlersDate } from './checks/handlers-date.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Each check is typed by its own starting file; here they only need to be run.
export const exercises: Record<string, Exercise<never>> = {
  'daytime/zone': daytimeZone,
  'echo/upper': echoUpper,
  'failures/ask': failuresAsk,
  'push/catch-up': pushCatchUp,
  'pubsub/cap': pubsubCap,
  'routing/params': routingParams,
  'parsing/header-limit': parsingHeaderLimit,
  'listen/max-connections': listenMaxConnections,
  'handlers/date': handlersDate,
};

export function starterFile(name: string): string {
  return join(root, 'chapters', 'exercises', `${name}.ts`);
}

export function solutionFile(name: string): string {
  return join(root, 'test', 'exercises', 'solutions', `${name}.ts`);
}
