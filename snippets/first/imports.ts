import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import {
  closer, fail as failProgram, HOST, listen, portFromEnv, stopOnSignal,
} from './program.ts';
