import { readFileSync } from 'node:fs';
import {
  responseHandler, describe, formAttributes, optional, streamHandler, string,
  type Declaration, type DeclaredHandler,
} from './handlers.ts';
import { start } from './listen.ts';
import { Channels, type EventStream, type ServerSentEvent } from './pubsub.ts';
import { HttpError, Router, text, type Request, type Response } from './routing.ts';
import { fail, portFromEnv, stopOnSignal } from './program.ts';
