import type { EventStream } from './pubsub.ts';
