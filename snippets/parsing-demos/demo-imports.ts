import { connect, type Socket } from 'node:net';
import { fail, HOST, parsePort } from './program.ts';
