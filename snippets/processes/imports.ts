import { spawn, type ChildProcess } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Rooms } from './chat.ts';
import { fail, freePort, HOST, portFromEnv } from './program.ts';
import { Channels } from './pubsub.ts';
