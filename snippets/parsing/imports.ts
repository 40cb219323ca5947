import { HttpError, STATUS_TEXT } from './routing.ts';
import type { Params, Request, Response } from './routing.ts';
