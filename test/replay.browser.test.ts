// tier: browser
// Nothing lost across a drop, and ten tabs on one stream: the chat's front-end in headless Chromium,
// against the real server, with a TCP relay in between that the test can cut.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closed, exchange, formPost, launchChromium, runChapter, statusOf, type RunningProgram } from './helpers.ts';

const SHOTS = process.env.CHAT_SCREENSHOTS ?? '/tmp';

/** Relays 127.0.0.1:<its port> to the chat. `cut()` hangs up on everyone and refuses new
 *  connections until `heal()`, the way a dropped Wi-Fi looks to a browser. */
class Relay {
  readonly server: Server;
  target = 0;
  #down = false;
  readonly #open = new Set<Socket>();
  /** Connections whose request was a GET /source, still open. */
  readonly streams = new Set<Socket>();

  constructor() {
    this.server = createServer((client) => this.#relay(client));
  }

  #relay(client: Socket): void {
    if (this.#down) return void client.destroy();
    const upstream = connect(this.target, '127.0.0.1');
    for (const [from, to] of [[client, upstream], [upstream, client]]) {
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
    // A kept-alive connection may carry other requests before the stream's, and a stream
    // owns its connection from then on: any request on it that opens a stream counts.
    client.on('data', (chunk: Buffer) => {
      if (chunk.toString('latin1').startsWith('GET /source')) this.streams.add(client);
    });
    this.#open.add(client);
    client.on('close', () => { this.#open.delete(client); this.streams.delete(client); });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    this.#down = true;
    const gone = [...this.#open].map((socket) => closed(socket));
    for (const socket of this.#open) socket.destroy();
    await Promise.all(gone);
  }

  heal(): void {
    this.#down = false;
  }

  async close(): Promise<void> {
    await this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function startChat(port = 0): Promise<{ chat: RunningProgram; port: number }> {
  const chat = runChapter('chat', { PORT: String(port) });
  const [, found] = await chat.waitFor(/House chat on http:\/\/127\.0\.0\.1:(\d+)\//);
  return { chat, port: Number(found) };
}

/** Posts a message straight to the chat, past the relay. */
async function post(port: number, room: string, name: string, message: string): Promise<void> {
  const form = new URLSearchParams({ room, name, message }).toString();
  expect(statusOf(await exchange(port, formPost('/send-message', form)))).toBe(200);
}

describe('the chat across a dropped connection, and in ten tabs', () => {
  let browser: Browser;
  let relay: Relay;
  let relayUrl: string;
  let chat: RunningProgram | undefined;
  let chatPort: number;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function startAll(): Promise<void> {
    ({ chat, port: chatPort } = await startChat());
    relay = new Relay();
    relay.target = chatPort;
    relayUrl = `http://127.0.0.1:${await relay.listen()}/`;
    context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  }

  afterEach(async () => {
    await context?.close();
    await relay?.close();
    await chat?.stop();
    chat = context = undefined;
  });

  async function openTab(name: string, room: string): Promise<Page> {
    const page = await context!.newPage();
    await page.goto(`${relayUrl}#${room}`);
    await page.fill('#name', name);
    await expect.poll(() => page.textContent('#status')).toBe('live');
    return page;
  }

  const textsOn = (page: Page) =>
    page.$$eval('#messages li', (items) => items.map((item) => item.querySelector('p')?.textContent ?? item.textContent));

  it('a page that loses its stream gets every message said meanwhile, once, in order', async () => {
    await startAll();
    const ada = await openTab('Ada', 'lobby');
    await post(chatPort, 'lobby', 'Bea', 'before the drop');
    await expect.poll(() => textsOn(ada)).toEqual(['before the drop']);

    await relay.cut();
    await expect.poll(() => ada.textContent('#status')).toBe('offline, reconnecting…');
    const meanwhile = ['said while away 1', 'said while away 2', 'said while away 3'];
    for (const message of meanwhile) await post(chatPort, 'lobby', 'Bea', message);

    relay.heal();
    await expect.poll(() => ada.textContent('#status')).toBe('live, caught up');
    await post(chatPort, 'lobby', 'Bea', 'after the drop');
    await expect.poll(() => textsOn(ada)).toEqual(['before the drop', ...meanwhile, 'after the drop']);
  });

  it('after a server restart, the page says messages may have been missed', async () => {
    await startAll();
    const ada = await openTab('Ada', 'lobby');
    await post(chatPort, 'lobby', 'Bea', 'before the restart');
    await expect.poll(() => textsOn(ada)).toEqual(['before the restart']);

    await chat!.stop();
    ({ chat, port: chatPort } = await startChat());
    relay.target = chatPort;
    await relay.cut();  // the old streams are gone already; this only makes sure
    relay.heal();

    await expect.poll(() => ada.textContent('#status')).toBe('live, caught up');
    await expect.poll(() => textsOn(ada)).toEqual([
      'before the restart', 'Some messages may have been missed while you were away.',
    ]);
    await post(chatPort, 'lobby', 'Bea', 'after the restart');
    await expect.poll(() => textsOn(ada)).toHaveLength(3);
    await ada.screenshot({ path: `${SHOTS}/house-chat-missed.png` });
  });

  it('ten tabs of one room share one stream, all hear every message, and survive their leader closing', async () => {
    await startAll();
    const tabs: Page[] = [];
    for (let i = 0; i < 10; i++) tabs.push(await openTab(`Tab ${i}`, 'crowd'));
    await expect.poll(() => relay.streams.size).toBe(1);

    await tabs[9].fill('#message', 'hello from the tenth tab');
    await tabs[9].press('#message', 'Enter');
    for (const tab of tabs) await expect.poll(() => textsOn(tab)).toEqual(['hello from the tenth tab']);

    const [first, ...rest] = tabs;
    await first.close();
    await post(chatPort, 'crowd', 'Bea', 'after the first tab closed');
    for (const tab of rest) {
      await expect.poll(() => textsOn(tab)).toEqual(['hello from the tenth tab', 'after the first tab closed']);
    }
    await expect.poll(() => relay.streams.size).toBe(1);
  });
});
