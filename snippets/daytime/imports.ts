import { fork, type ChildProcess } from 'node:child_process';
import { connect, createServer, Socket } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { createInterface } from 'node:readline';
import { fail, HOST, listen, runChosenProgram, serve } from './program.ts';
