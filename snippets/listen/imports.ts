import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { portFromEnv, stopOnSignal } from './daytime.ts';
import { Channels } from './pubsub.ts';
import {
  CONTINUE, RequestReader, formatResponse, formatStreamHead, keepAlive,
} from './parsing.ts';
import {
  HttpError, Router, errorResponse, html, isStream, stream, text,
} from './routing.ts';
import type { Reply, Request, Response } from './routing.ts';
