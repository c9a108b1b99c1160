/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webAppDir } from '../../apps/api/src/web/serve-web-app';
import type { ApiClient } from '../support/api-client';
import type { TestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/** Debian's chromium, driven by playwright-core. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SCREENSHOTS = path.resolve(__dirname, '../../.tmp/web-screenshots');
/** axe-core's source, evaluated in the page (an injected script tag would break the api's Content-Security-Policy). */
const AXE_SOURCE = readFileSync(path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

/** A phone-sized viewport (iPhone 12–15 width). */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1400, height: 900 };

/** The browser and the served UI of a spec file, with the page errors each page raised. */
export class WebUi {
  browser!: Browser;
  baseUrl!: string;
  private readonly errors = new Map<Page, string[]>();

  async start(app: TestApp): Promise<void> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; the browser specs need it: apt-get update && apt-get install -y chromium`);
    if (!webAppDir()) throw new Error('the web UI is not built (dist/web/index.html missing): run `npm run build:web`');
    mkdirSync(SCREENSHOTS, { recursive: true });
    this.baseUrl = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }

  async close(): Promise<void> {
    await this.browser?.close();
  }

  /** A fresh page (own storage) at `hash`. */
  async open(hash = '', viewport = DESKTOP): Promise<Page> {
    const context = await this.browser.newContext({ viewport });
    const page = await context.newPage();
    const errors: string[] = [];
    this.errors.set(page, errors);
    page.on('pageerror', (error) => errors.push(error.message));
    // Errors Vue catches while rendering reach the console only; a 404 of an optional route (GET /cc) is expected.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
    await page.goto(`${this.baseUrl}/${hash}`);
    return page;
  }

  /** A fresh page signed in as the demo user `username` through the sign-in form. */
  async signIn(username: string, viewport = DESKTOP): Promise<Page> {
    const page = await this.open('', viewport);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', username);
    await page.click('button[type=submit]');
    await page.waitForSelector('.app-header .user');
    return page;
  }

  /**
   * Opens task `taskId` on the signed-in `page` by its link (`#/inbox?queue=department&task=…`), as a
   * bookmarked or shared link does. The department queue lists the 100 newest tasks by creation time,
   * so in a database other spec files share (some on test clocks years ahead) a task is not always listed.
   */
  async openTask(page: Page, taskId: string): Promise<void> {
    await page.goto(`${this.baseUrl}/#/inbox?queue=department&task=${taskId}`);
  }

  /** The uncaught errors of `page` so far. */
  pageErrors(page: Page): string[] {
    return this.errors.get(page) ?? [];
  }
}

/** One axe-core finding: rule id, impact and the elements it names. */
export interface AxeFinding {
  id: string;
  impact: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  // a dialog or tag still fading in has its text at part opacity: axe judges the page at rest
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The test app and headless Chromium of a describe block: both started before its first test, closed after its last. */
export function useWebUi(): { app: TestApp; api: ApiClient; ui: WebUi } {
  const { t, api } = useTestApp();
  const ui = new WebUi();
  beforeAll(() => ui.start(t), 120_000);
  afterAll(() => ui.close());
  return { app: t, api, ui };
}
