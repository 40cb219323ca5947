import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { closer, HOST, listen, portFromEnv, stopOnSignal } from './daytime.ts';
