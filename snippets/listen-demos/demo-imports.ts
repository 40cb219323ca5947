import { connect, createServer } from 'node:net';
import { answer, CRLF, fail, servers, type Response } from './first.ts';
import {
  closer, fail as failProgram, HOST, listen, parsePort, portFromEnv, stopOnSignal,
} from './program.ts';
