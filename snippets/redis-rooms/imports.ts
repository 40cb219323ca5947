import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Redis, type RedisOptions } from 'ioredis';
import {
  CHANNEL_LIMITS, EventStream, MISSED_EVENT, deliver, formatComment, formatEvent,
  type ChannelLimits, type Rooms, type ServerSentEvent, type Subscriber,
} from './pubsub.ts';
import { HttpError } from './routing.ts';
