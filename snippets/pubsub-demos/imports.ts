import { connect, type Socket } from 'node:net';
import {
  channels, defineClosingHandler, defineStreamHandler, publish as publishAtOnce, room,
  servers, serveChat, start, subscribe, writeEvent, type ServerSentEvent,
} from './first.ts';
import { fail, HOST, parsePort } from './program.ts';
