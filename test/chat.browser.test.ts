// tier: browser
// The chat's front-end in headless Chromium, against the real server in a subprocess.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, runChapter, stopAfterTest, type RunningProgram } from './helpers.ts';

/** Screenshots land here so a person can look at them; the tests don't compare pixels. */
const SHOTS = process.env.CHAT_SCREENSHOTS ?? '/tmp';

describe('the chat in a browser', () => {
  let chat: RunningProgram;
  let url: string;
  let browser: Browser;
  const dialogs: string[] = [];

  async function openChat(name: string, room: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
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

  const messagesOn = (page: Page) =>
    page.$$eval('#messages li', (items) => items.map((item) => [item.querySelector('strong')!.textContent, item.querySelector('p')!.textContent]));

  beforeAll(async () => {
    chat = runChapter('chat', { PORT: '0' });
    url = (await chat.waitFor(/House chat on (http:\S+)/))[1]!;
    browser = await launchChromium();
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await chat?.stop();                                // even when the browser fails to close
    }
  });

  it('two pages in the same room see each other\'s messages; a page in another room sees none', async () => {
    const ada = await openChat('Ada', 'kitchen');
    const bea = await openChat('Beatrice', 'kitchen');
    const cy = await openChat('Cy', 'garden');

    await say(ada, 'Is the kettle on?');
    await expect.poll(() => messagesOn(bea)).toEqual([['Ada', 'Is the kettle on?']]);
    await say(bea, 'It is now. Tea or coffee?');
    const both = [['Ada', 'Is the kettle on?'], ['Beatrice', 'It is now. Tea or coffee?']];
    await expect.poll(() => messagesOn(ada)).toEqual(both);
    await expect.poll(() => messagesOn(bea)).toEqual(both);
    expect(await ada.inputValue('#message')).toBe('');  // sent, so the box is cleared

    await say(cy, 'Anyone in the garden?');
    await expect.poll(() => messagesOn(cy)).toEqual([['Cy', 'Anyone in the garden?']]);
    expect(await messagesOn(ada)).toEqual(both);
    await ada.screenshot({ path: `${SHOTS}/house-chat.png` });

    // Switching rooms closes the old stream and opens the new one.
    await bea.fill('#room', 'garden');
    await bea.click('#join button');
    await expect.poll(() => bea.textContent('#room-name')).toBe('garden');
    await expect.poll(() => bea.textContent('#status')).toBe('live');
    await say(cy, 'Welcome, Beatrice!');
    await expect.poll(() => messagesOn(bea)).toEqual([['Cy', 'Welcome, Beatrice!']]);
    await say(ada, 'Still here in the kitchen');
    await expect.poll(() => messagesOn(ada)).toHaveLength(3);
    expect(await messagesOn(bea)).toEqual([['Cy', 'Welcome, Beatrice!']]);
    for (const page of [ada, bea, cy]) await page.close();
  });

  it('shows HTML in a message as text and runs none of it', async () => {
    const ada = await openChat('Ada', 'xss');
    const bea = await openChat('<b>Bea</b>', 'xss');
    const attack = '<img src=x onerror=alert(1)> <script>alert(2)</script>';
    await say(bea, attack);
    for (const page of [ada, bea]) {
      await expect.poll(() => messagesOn(page)).toEqual([['<b>Bea</b>', attack]]);
      expect(await page.$$('#messages img, #messages script, #messages b')).toHaveLength(0);
    }
    // No element that could run script came into being anywhere in the page: an onerror needs an <img>,
    // and the only script is the page's own. So nothing ran, and no dialog can still be on its way.
    for (const page of [ada, bea]) {
      expect(await page.$$eval('img', (images) => images.length)).toBe(0);
      expect(await page.$$eval('script', (scripts) => scripts.map((script) => script.getAttribute('src')))).toEqual(['/chat.js']);
    }
    expect(dialogs).toEqual([]);
    await ada.screenshot({ path: `${SHOTS}/house-chat-xss.png` });
    for (const page of [ada, bea]) await page.close();
  });

  it('checks the declared limits itself, still shows the server\'s errors, and clears them once a message goes through', async () => {
    const page = await openChat('Ada', 'rules');
    // The page's own minlength (from the declaration) stops a short message before it is sent.
    const posts: string[] = [];
    page.on('request', (request) => { if (request.url().endsWith('/send-message')) posts.push(request.postData() ?? ''); });
    await say(page, 'hi');
    type Checked = { validity: { tooShort: boolean }; validationMessage: string };
    const check = await page.$eval('#message', (input) => {
      const { validity, validationMessage } = input as unknown as Checked;
      return { tooShort: validity.tooShort, message: validationMessage };
    });
    expect(check.tooShort).toBe(true);
    expect(check.message).not.toBe('');  // the browser says why, in its own words
    expect(await page.isVisible('#error')).toBe(false);
    // The browser counts UTF-16 units, the server code points: 🏠🏠🏠 is 6 of one and 3 of the other,
    // so it passes minlength="5" and the server's 400 is what the page shows.
    await say(page, '🏠🏠🏠');
    await expect.poll(() => page.textContent('#error')).toBe('message: must be at least 5 characters');
    expect(await page.isVisible('#error')).toBe(true);
    expect(posts).toHaveLength(1);  // 'hi' was never sent; this one was
    expect(await page.inputValue('#message')).toBe('🏠🏠🏠');  // kept, so it can be fixed
    await page.screenshot({ path: `${SHOTS}/house-chat-error.png` });

    await page.fill('#name', '');
    await say(page, '🏠🏠🏠🏠');
    await expect.poll(() => page.textContent('#error'))
      .toBe('name: must be at least 1 character\nmessage: must be at least 5 characters');

    await page.fill('#name', 'Ada');
    await say(page, 'hello, rules');
    await expect.poll(() => messagesOn(page)).toEqual([['Ada', 'hello, rules']]);
    // The stream may bring the message before the POST's own answer, which is what clears the error.
    await expect.poll(() => page.isVisible('#error')).toBe(false);

    // maxlength="16": the browser won't let a room name grow past what the server accepts.
    await page.fill('#room', 'a-room-name-too-long');
    expect(await page.inputValue('#room')).toBe('a-room-name-too-');
    await page.fill('#room', '🏠'.repeat(9));  // it counts UTF-16 units: 16 of them are 8 of these
    expect(await page.inputValue('#room')).toBe('🏠'.repeat(8));
    await page.close();

    // A link to a room the server refuses: the stream's 400 is shown.
    const lost = await browser.newPage();
    await lost.goto(`${url}#a-room-name-too-long`);
    await expect.poll(() => lost.textContent('#error')).toBe('room: must be at most 16 characters');
    expect(await lost.textContent('#status')).toBe('not connected');
    await lost.close();
  });
});

describe('the chat in a browser, across a server restart', () => {
  it('shows that it is offline, then reconnects by itself and works again', async () => {
    const first = stopAfterTest(runChapter('chat', { PORT: '0' }));
    const url = (await first.waitFor(/House chat on (http:\S+)/))[1]!;
    const browser = await launchChromium();
    onTestFinished(() => browser.close());
    const page = await browser.newPage();
    await page.goto(`${url}#restart`);
    await page.fill('#name', 'Ada');
    await expect.poll(() => page.textContent('#status')).toBe('live');

    await first.stop();
    await expect.poll(() => page.textContent('#status')).toBe('offline, reconnecting…');
    await page.screenshot({ path: `${SHOTS}/house-chat-offline.png` });

    const restarted = stopAfterTest(runChapter('chat', { PORT: new URL(url).port }));  // the same port, as after a restart
    await restarted.waitFor(/House chat on/);
    await expect.poll(() => page.textContent('#status')).toBe('live, caught up');
    await page.fill('#message', 'back again');
    await page.press('#message', 'Enter');
    await expect.poll(() => page.$$eval('#messages li p', (ps) => ps.map((p) => p.textContent))).toEqual(['back again']);
  });
});
