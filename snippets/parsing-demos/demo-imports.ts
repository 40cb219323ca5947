import { connect, createServer, type Socket } from 'node:net';
import {
  answer, CRLF, fail as failWith, servers, serveChat, type Response,
} from './first.ts';
import { fail, HOST, listen, parsePort } from './program.ts';
