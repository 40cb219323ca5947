import { createServer, type Server, type Socket } from 'node:net';
import { closer, HOST, portFromEnv, serve } from './program.ts';
