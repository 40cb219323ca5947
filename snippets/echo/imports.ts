import type { ChildProcess } from 'node:child_process';
import { readSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { closer, fail, HOST, listen, runChosenProgram, stopOnSignal } from './daytime.ts';
import { CHILD, forkChild, handOff, serveSentSockets, type Log } from './daytime.ts';
