import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { closer, fail, HOST, listen, runChosenProgram, stopOnSignal } from './daytime.ts';
import type { Log } from './daytime.ts';
