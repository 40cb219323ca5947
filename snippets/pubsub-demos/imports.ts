import { connect, createServer, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  channels, publish as publishAtOnce, servers, start, type ServerSentEvent,
} from './first.ts';
import { fail, HOST, listen, parsePort } from './program.ts';
