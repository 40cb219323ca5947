// Classes: the design the draft compares its DSL with. A base class for handlers, one
// subclass per handler, and a class per parameter type, as a class-based language would
// have it. It answers POST /send-message exactly as the declared handler does.

import { MESSAGE, NAME, ROOM, sendMessage, type Rooms } from './chat.ts';
import { paramsOf } from './handlers.ts';
import { Channels } from './pubsub.ts';
import {
  HttpError, Router, text, type Handler, type Params, type Response,
} from './routing.ts';

// #region fields
/** The base class of every parameter type:
 *  one value, required, then the subclass's say. */
export abstract class Field<T> {
  abstract readonly accepts: string;
  constructor(readonly name: string) {}

  /** The value, or undefined after adding what was wrong with it to `problems`. */
  read(params: Params, problems: string[]): T | undefined {
    const values = params.get(this.name) ?? [];
    const value = values.length === 1 ? this.convert(values[0]!) : undefined;
    const problem = values.length === 0 ? 'is required'
      : values.length > 1 ? 'must be given only once'
      : value === undefined ? `must be ${this.accepts}` : this.check(value);
    if (problem === undefined) return value;
    problems.push(`${this.name}: ${problem}`);
    return undefined;
  }

  /** The raw string as a T, or undefined if it isn't one. */
  protected abstract convert(raw: string): T | undefined;
  /** What is wrong with a converted value, if anything:
   *  subclasses with rules override it. */
  protected check(_value: T): string | undefined {
    return undefined;
  }
}

export class StringField extends Field<string> {
  readonly accepts = 'a string';
  constructor(name: string, private readonly min: number, private readonly max: number) {
    super(name);
  }

  protected convert(raw: string): string {
    return raw;
  }

  protected override check(value: string): string | undefined {
    const length = [...value].length;  // code points, as the DSL counts
    const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
    if (length < this.min) return `must be at least ${characters(this.min)}`;
    if (length > this.max) return `must be at most ${characters(this.max)}`;
    return undefined;
  }
}
// #endregion fields

// #region handler
/** The base class of every response handler: handle() reads, refuses or answers; each
 *  subclass says how to read its arguments and what to answer. */
export abstract class ClosingHandler<Args> {
  readonly handle: Handler = (request) => {
    const problems: string[] = [];
    const args = this.parse(paramsOf(request), problems);
    if (args === undefined) throw new HttpError(400, problems.join('\n'));
    return this.respond(args);
  };

  /** The arguments, or undefined once `problems` holds every broken rule. */
  protected abstract parse(params: Params, problems: string[]): Args | undefined;
  protected abstract respond(args: Args): Response | Promise<Response>;
}
// #endregion handler

// #region send-message
interface Message { room: string; name: string; message: string }

export class SendMessage extends ClosingHandler<Message> {
  private readonly room = new StringField('room', ROOM.min, ROOM.max);
  private readonly name = new StringField('name', NAME.min, NAME.max);
  private readonly message = new StringField('message', MESSAGE.min, MESSAGE.max);

  constructor(private readonly channels: Rooms) {
    super();
  }

  protected parse(params: Params, problems: string[]): Message | undefined {
    const room = this.room.read(params, problems);
    const name = this.name.read(params, problems);
    const message = this.message.read(params, problems);
    if (room === undefined || name === undefined || message === undefined) {
      return undefined;
    }
    return { room, name, message };
  }

  protected async respond({ room, name, message }: Message): Promise<Response> {
    const heard = await this.channels.publish(room, JSON.stringify({ name, message }));
    return text(`sent to ${heard} listener${heard === 1 ? '' : 's'}\n`);
  }
}
// #endregion send-message

// #region new-type
/** A new parameter type: a time of day like 18:30 (the DSL's `clockTime`). */
interface ClockTime { hours: number; minutes: number }

export class ClockTimeField extends Field<ClockTime> {
  readonly accepts = 'a time like 18:30';

  protected convert(raw: string): ClockTime | undefined {
    const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(raw);
    return match ? { hours: Number(match[1]), minutes: Number(match[2]) } : undefined;
  }
}
// #endregion new-type

/** A form posted to a router, as the parser would hand it over. */
function formRequest(form: string) {
  const path = '/send-message';
  return {
    method: 'POST', target: path, path, version: 'HTTP/1.1',
    headers: new Map([['content-type', 'application/x-www-form-urlencoded']]),
    params: new Map(), body: Buffer.from(form),
  };
}

if (process.argv[1] === import.meta.filename) {
  const declared = new Router().on('POST', '/send-message', sendMessage(new Channels()));
  const classes = new Router()
    .on('POST', '/send-message', new SendMessage(new Channels()).handle);
  const forms = [
    'room=lobby&name=Ada&message=hello+everyone',
    'room=lobby&name=&message=hi',
    'room=a&room=b',
  ];
  for (const form of forms) {
    console.log(`POST /send-message ${JSON.stringify(form)}`);
    const designs = [['declared', declared], ['classes', classes]] as const;
    for (const [design, router] of designs) {
      const { status, body } = await router.handle(formRequest(form)) as Response;
      console.log(`  ${design.padEnd(9)} ${status} ${JSON.stringify(body)}`);
    }
  }
  const at = new ClockTimeField('at');
  for (const form of ['at=18:30', 'at=7pm']) {
    const problems: string[] = [];
    const time = at.read(paramsOf(formRequest(form)), problems);
    const read = JSON.stringify(time ?? problems.join('\n'));
    console.log(`ClockTimeField reads ${form}: ${read}`);
  }
}
