import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import {
  CONTINUE, RequestReader, formatResponse, formatStreamHead, type Framing,
} from './parsing.ts';
import {
  HttpError, Router, errorResponse, html, isStream, logHandlerBug, stream, text,
} from './routing.ts';
import type { Reply, Request, Response, Stream } from './routing.ts';
import { EventStream, MAX_UNSENT_BYTES } from './pubsub.ts';
import { fail, portFromEnv, stopOnSignal } from './program.ts';
