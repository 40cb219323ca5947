import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Channels } from './pubsub.ts';
import { findHeadEnd, parseHead, parseRequest } from './parsing.ts';
import {
  HttpError, Router, errorResponse, html, isStream, stream, text, writeReply,
} from './routing.ts';
import type { Reply, Request } from './routing.ts';
