import type { Socket } from 'node:net';
import { HttpError, Router, stream, text } from './routing.ts';
import type { Handler, Params, Request, Response } from './routing.ts';
import { start } from './listen.ts';
