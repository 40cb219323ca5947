import { readFileSync } from 'node:fs';
import { closingHandler, describe, streamHandler, string } from './handlers.ts';
import { start } from './listen.ts';
import { Channels, formatEvent } from './pubsub.ts';
import { Router, text, type Response } from './routing.ts';
