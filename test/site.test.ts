// tier: browser
// The whole site, built and read the way a reader reads it: in a browser, hovering code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, launchChromium, root, runCommand, type RunningProgram } from './helpers.ts';

const dist = join(root, '.vitepress/dist');
const vitepress = join(root, 'node_modules/vitepress/bin/vitepress.js');

const pagesWithCode = readdirSync(join(root, 'docs'))
  .filter((file) => file.endsWith('.md') && readFileSync(join(root, 'docs', file), 'utf8').includes('<<< ../snippets/'))
  .map((file) => file.replace(/\.md$/, ''));

/** How long the page may take to show what a test waits for (set in the Vitest config). */
const WAIT_MS = inject('waitMs');

describe('the built site', () => {
  let build: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    build = spawnSync(process.execPath, [vitepress, 'build'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  });

  it('builds without errors', () => {
    expect(build.status, String(build.stdout) + String(build.stderr)).toBe(0);
  });

  it.each(pagesWithCode)('renders hover types on every code block of %s', (page) => {
    const html = readFileSync(join(dist, `${page}.html`), 'utf8');
    const blocks = html.match(/<div class="language-ts vp-adaptive-theme/g) ?? [];
    const hovered = html.split(/<div class="language-ts vp-adaptive-theme/).slice(1).filter((b) => b.includes('twoslash-hover'));
    expect(blocks.length).toBeGreaterThan(0);
    expect(hovered.length).toBe(blocks.length);
  });

  it.each(pagesWithCode)('says above every included code block of %s where its code goes', (page) => {
    const html = readFileSync(join(dist, `${page}.html`), 'utf8');
    const includes = readFileSync(join(root, 'docs', `${page}.md`), 'utf8').match(/^<<< /gm) ?? [];
    const located = html.match(/<div class="code-location"><code>chapters\/[\w.-]+\.\w+<\/code>(?:, [^<]*(?:<code>[^<]+<\/code>)?)*<\/div><div class="language-/g) ?? [];
    expect(located.length).toBe(includes.length);
  });

  it('names the enclosing class of a region inside a class body, and what the region follows', () => {
    expect(readFileSync(join(dist, 'pubsub.html'), 'utf8')).toContain('<div class="code-location"><code>chapters/pubsub.ts</code>, '
      + 'in class <code>Channels</code>, after <code>#leaving</code></div>');
  });

  // VitePress fails the build on a link to a missing page, but not on a link to a missing heading
  // (a glossary term, a figure's box): this does.
  it('links only to headings that exist, from pages and from figures', () => {
    const pages = readdirSync(dist).filter((file) => file.endsWith('.html'));
    const ids = new Map(pages.map((file) => [file.replace(/\.html$/, ''), new Set(
      [...readFileSync(join(dist, file), 'utf8').matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]))]));
    const broken = pages.flatMap((file) => [...readFileSync(join(dist, file), 'utf8').matchAll(/href="\/([\w-]*)(?:\.html)?#([^"]+)"/g)]
      .map(([, page, anchor]) => [file, page || 'index', decodeURIComponent(anchor!)] as const)
      .filter(([, page, anchor]) => !ids.get(page)?.has(anchor))
      .map(([file, page, anchor]) => `${file} → /${page}#${anchor}`));
    expect(broken).toEqual([]);
  });

  it('draws every figure to scale, never wider than the page', () => {
    for (const file of readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'))) {
      for (const [svg] of readFileSync(join(root, 'docs', file), 'utf8').matchAll(/<svg\b[^>]*>/g)) {
        expect(svg, file).toMatch(/viewBox="[-\d.]+ [-\d.]+ [\d.]+ [\d.]+"/);
        expect(svg, file).not.toMatch(/\s(width|height)="/);
      }
    }
  });

  // The three checks below each open their own page, side by side: each mostly waits on Chromium.
  describe.concurrent('in a browser', () => {
    let preview: RunningProgram;
    let browser: Browser;
    let base: string;
    const shots = join(root, 'test/.tmp/screenshots');

    beforeAll(async () => {
      expect(existsSync(join(dist, 'index.html'))).toBe(true);
      mkdirSync(shots, { recursive: true });
      const port = await freePort();
      // Plain Node, as `npm run docs:preview` runs it: VitePress is JavaScript, and tsx's loader would
      // only look at every module it imports.
      preview = runCommand(process.execPath, [vitepress, 'preview', '--port', String(port)]);
      await preview.waitFor(/served at http/);
      base = `http://localhost:${port}`;
      browser = await launchChromium();
    });

    /** A new page that asks for every file uncompressed. The preview server compresses each response anew
     *  (Brotli, for every request, and a chapter page with its scripts is a few MB): that cost more CPU than
     *  everything else these checks do, and compression is not what they check. */
    function newPage(options: NonNullable<Parameters<Browser['newPage']>[0]> = {}): Promise<Page> {
      return browser.newPage({ ...options, extraHTTPHeaders: { 'Accept-Encoding': 'identity' } });
    }

    /** Opens a page of the book once its app has started (hovers, search and the theme switch work from
     *  then on). Not 'networkidle': the page goes on prefetching the chapters its sidebar links to. */
    async function open(page: Page, path: string): Promise<Page> {
      await page.goto(`${base}${path}`, { waitUntil: 'load' });
      await page.waitForFunction(`!!document.querySelector('#app').__vue_app__`, undefined, { timeout: WAIT_MS });
      return page;
    }

    afterAll(async () => {
      await browser?.close();
      await preview?.stop('SIGTERM');
    });

    it('shows the type of a name when the reader hovers it', async () => {
      const page = await open(await newPage({ viewport: { width: 1280, height: 900 } }), '/pubsub');
      // A name's popup is hidden inside it, so find the name by its own text, not its descendants'.
      const token = page.locator('.vp-doc').locator('xpath=//span[contains(@class, "twoslash-hover")][text()="formatEvent"]').first();
      await token.scrollIntoViewIfNeeded();
      await token.hover();
      const popup = page.locator('.v-popper__popper--shown .twoslash-popup-code');
      await popup.waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(await popup.innerText()).toMatch(/function formatEvent\(\{ data, event, id, retry \}: ServerSentEvent\): string/);
      expect(await popup.locator('xpath=..').innerText()).toContain('Frames one event');  // its docs come with it
      await page.screenshot({ path: join(shots, 'hover-formatEvent.png') });
      await page.mouse.move(0, 0);
      await page.locator('.v-popper__popper--shown').waitFor({ state: 'detached', timeout: WAIT_MS });
      await page.close();
    });

    // Each location line is shot at the two widths the book is read at most, in both themes.
    it('shows where each block goes readably, in light and dark mode, wide and narrow', async () => {
      const seen: Record<string, { text: string; back: string; page: string }> = {};
      // One page per theme, loaded side by side (each waits on its page more than it computes), read wide
      // and then narrow.
      await Promise.all((['light', 'dark'] as const).map(async (scheme) => {
        const page = await newPage({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
        // The tests compile without the DOM library, so code that runs in the page is passed as text.
        await page.addInitScript(`localStorage.setItem('vitepress-theme-appearance', '${scheme}')`);
        await open(page, '/listen');
        expect(await page.evaluate(`document.documentElement.classList.contains('dark')`)).toBe(scheme === 'dark');
        for (const width of [1280, 800]) {
          await page.setViewportSize({ width, height: 900 });
          const location = page.locator('.vp-doc .code-location', { hasText: 'in class Connection' }).first();
          await location.scrollIntoViewIfNeeded();
          expect(await location.isVisible()).toBe(true);
          expect(await location.innerText()).toMatch(/^chapters\/listen\.ts, in class Connection, after \S+/);
          const colours = await page.evaluate(`(() => {
            const line = [...document.querySelectorAll('.vp-doc .code-location')].find((el) => el.textContent.includes('in class Connection'));
            return { text: getComputedStyle(line).color, back: getComputedStyle(line).backgroundColor,
              page: getComputedStyle(document.body).backgroundColor };
          })()`) as { text: string; back: string; page: string };
          expect(colours.text).not.toBe(colours.back);
          seen[scheme] = colours;
          await page.evaluate(`window.scrollBy(0, -120)`);
          await page.screenshot({ path: join(shots, `location-${scheme}-${width}.png`) });
        }
        await page.close();
      }));
      // The line follows the theme: its colours change with the page's.
      expect(seen.dark!.text).not.toBe(seen.light!.text);
      expect(seen.dark!.back).not.toBe(seen.light!.back);
    });

    it('has a sidebar, next-chapter links and local search', async () => {
      const page = await open(await newPage(), '/shape');  // a short page: every page has both
      expect(await page.locator('.VPSidebar a', { hasText: 'Subscriptions and broadcasts' }).count()).toBe(1);
      expect(await page.locator('.pager-link').count()).toBeGreaterThan(0);
      await page.locator('.VPNavBarSearch button').first().click();
      await page.locator('#localsearch-input').fill('subscriber');
      await page.locator('.result').first().waitFor({ timeout: WAIT_MS });
      expect(await page.locator('.result').count()).toBeGreaterThan(0);
      expect(await page.locator('.result', { hasText: 'Subscriptions and broadcasts' }).count()).toBeGreaterThan(0);
      await page.close();
    });
  });
});
