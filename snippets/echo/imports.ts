import type { ChildProcess } from 'node:child_process';
import { readSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { CHILD, forkChild, handOff, serveSentSockets, type Log } from './daytime.ts';
import { fail, HOST, listen, runChosenProgram, serve } from './program.ts';
