import {
  responseHandler, describe, integer, list, oneOf, optional, scalar, string,
} from './handlers.ts';
import { start } from './listen.ts';
import { Router, text } from './routing.ts';
import { fail, portFromEnv, stopOnSignal } from './program.ts';
