import { connect, createServer, type Socket } from 'node:net';
import {
  answer, bindHandler, CRLF, fail, publish, readArguments, room, servers, serveChat,
  type Arguments, type Response, type Rule,
} from './first.ts';
import { requestLength } from './parsing-demos.ts';
import { fail as failProgram, HOST, listen, parsePort } from './program.ts';
