import { createServer, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { closer, fail, HOST, listen, portFromEnv, stopOnSignal } from './daytime.ts';
