import { connect, createServer, type Socket } from 'node:net';
import { answer, fail as failWith, servers, type Response } from './first.ts';
import {
  closer, fail, HOST, listen, parsePort, portFromEnv, stopOnSignal,
} from './program.ts';
