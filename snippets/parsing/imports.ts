import { HttpError, type Params, type Request } from './routing.ts';
