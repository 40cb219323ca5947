import { connect, createServer, type Socket } from 'node:net';
import {
  answer, bindHandler, CRLF, fail, publish, readArguments, room, servers,
  type Arguments, type Response, type Rule,
} from './first.ts';
import { requestLength } from './parsing-demos.ts';
import {
  closer, fail as failProgram, HOST, listen, parsePort, portFromEnv, stopOnSignal,
} from './program.ts';
