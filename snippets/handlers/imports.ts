import { HttpError, Router, stream, text } from './routing.ts';
import type { Handler, Params, Request, Response } from './routing.ts';
import { portFromEnv, stopOnSignal } from './daytime.ts';
import { start } from './listen.ts';
import { EventStream } from './pubsub.ts';
