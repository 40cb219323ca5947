import { createServer, type Server, type Socket } from 'node:net';
import { closer, fail, HOST, listen, portFromEnv, stopOnSignal } from './daytime.ts';
