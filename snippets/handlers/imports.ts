import { addParams, decodeUtf8, trimOws } from './parsing.ts';
import { HttpError, stream } from './routing.ts';
import type { Handler, Params, Request, Response } from './routing.ts';
import type { EventStream } from './pubsub.ts';
