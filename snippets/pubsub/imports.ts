import { createServer, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { closer, HOST, portFromEnv, serve } from './program.ts';
