/** Rooms kept in Redis, shared by every process connected to it. */
export class RedisRooms implements Rooms {
  readonly #rooms = new Map<string, Room>();
  /** Names this process in each room's listener count. */
  readonly #process = randomUUID();
  readonly #timer: NodeJS.Timeout;
  #down = false;

  constructor(
    private readonly commands: Redis,
    private readonly bell: Redis,
    private readonly settings: RedisRoomsOptions,
  ) {
    bell.on('message', (channel: string) => this.#ring(channel));
    // After an outage: read on from each room's cursor (nothing twice), recount our
    // listeners. (The PING answers after the doorbells are subscribed again, so no
    // ring falls in between.)
    bell.on('ready', () => void bell.ping().then(() => this.#readAll(), () => {}));
    commands.on('ready', () => {
      this.#readAll();
      for (const room of this.#rooms.values()) this.#count(room);
    });
    for (const client of [commands, bell]) {
      client.on('error', (error: Error) => this.#lost(error));
      client.on('ready', () => this.#back());
    }
    this.#timer = setInterval(() => this.#heartbeat(), settings.heartbeatMs);
    this.#timer.unref();
  }

  /** How many listeners this process has in a room right now. */
  subscribers(room: string): number {
    return this.#rooms.get(room)?.members.size ?? 0;
  }
