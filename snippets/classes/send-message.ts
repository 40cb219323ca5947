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
