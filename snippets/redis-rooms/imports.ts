import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Rooms } from './chat.ts';
import {
  CHANNEL_LIMITS, MISSED_EVENT, formatComment, formatEvent,
  type ChannelLimits, type EventStream, type ServerSentEvent,
} from './pubsub.ts';
import { HttpError } from './routing.ts';
