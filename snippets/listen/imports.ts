import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import {
  CONTINUE, RequestReader, formatResponse, formatStreamHead, keepAlive,
} from './parsing.ts';
import {
  HttpError, Router, errorResponse, html, isStream, stream, text,
} from './routing.ts';
import type { Reply, Request, Response } from './routing.ts';
import { fail, portFromEnv, stopOnSignal } from './program.ts';
