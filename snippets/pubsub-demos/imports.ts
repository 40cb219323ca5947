import { connect, type Socket } from 'node:net';
import {
  channels, defineClosingHandler, defineStreamHandler, publish as publishAtOnce, room,
  servers, start, subscribe, writeEvent, type ServerSentEvent,
} from './first.ts';
import {
  closer, fail, HOST, parsePort, portFromEnv, stopOnSignal,
} from './program.ts';
