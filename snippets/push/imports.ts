import { createServer, type Server, type Socket } from 'node:net';
import { fail, HOST, listen, portFromEnv, stopOnSignal } from './daytime.ts';
