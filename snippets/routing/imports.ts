import type { Socket } from 'node:net';
