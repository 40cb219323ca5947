import { createServer, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
