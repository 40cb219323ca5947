// tier: browser
// The first server serves the chat's own front-end to headless Chromium, and the chat works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, runChapter, type RunningProgram } from './helpers.ts';

/** Screenshots land here so a person can look at them; the tests don't compare pixels. */
const SHOTS = process.env.CHAT_SCREENSHOTS ?? '/tmp';

describe('the first server\'s chat in a browser', () => {
  let server: RunningProgram;
  let url: string;
  let browser: Browser;

  async function openChat(name: string, room: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await page.goto(`${url}#${room}`);
    await page.fill('#name', name);
    await page.click('#join button');
    await expect.poll(() => page.textContent('#status')).toBe('live');
    return page;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
  }

  const messagesOn = (page: Page) => page.$$eval('#messages li', (items) =>
    items.map((item) => [item.querySelector('strong')!.textContent, item.querySelector('p')!.textContent]));

  beforeAll(async () => {
    server = runChapter('first', { PORT: '0' });
    url = (await server.waitFor(/the chat on (http:\S+)/))[1]!;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('joins a room, posts, and both pages in the room hear the message', async () => {
    const ada = await openChat('Ada', 'kitchen');
    const bea = await openChat('Beatrice', 'kitchen');

    await say(ada, 'Is the kettle on?');
    await expect.poll(() => messagesOn(bea)).toEqual([['Ada', 'Is the kettle on?']]);
    await expect.poll(() => messagesOn(ada)).toEqual([['Ada', 'Is the kettle on?']]);
    expect(await ada.inputValue('#message')).toBe(''); // sent, so the box is cleared
    await ada.screenshot({ path: `${SHOTS}/house-first-chat.png` });
    for (const page of [ada, bea]) await page.close();
  });

  it('shows the server\'s 400 for a message that is too short', async () => {
    const page = await openChat('Ada', 'rules');
    await say(page, 'hi');
    await expect.poll(() => page.textContent('#error')).toBe('message: must be at least 5 characters');
    expect(await messagesOn(page)).toEqual([]);
    await page.close();
  });
});
