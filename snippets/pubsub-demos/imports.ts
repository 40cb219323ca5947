import { connect, type Socket } from 'node:net';
import {
  channels, publish as publishAtOnce, servers, start, type ServerSentEvent,
} from './first.ts';
import { fail, HOST, parsePort } from './program.ts';
