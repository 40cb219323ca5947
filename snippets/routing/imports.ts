import type { Socket } from 'node:net';
import { formatEvent } from './pubsub.ts';
