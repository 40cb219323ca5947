import { spawn, type ChildProcess } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as serveChat } from './chat.ts';
import { HOST, portFromEnv } from './daytime.ts';
import { Channels, type Rooms } from './pubsub.ts';
