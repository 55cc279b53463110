import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** `CHROME_PATH`, then the usual system locations, then a browser Playwright downloaded itself. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['CHROME_PATH'];
  if (fromEnv) {
    if (fs.existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH points to ${fromEnv}, which does not exist.`);
  }
  for (const c of CANDIDATES) if (fs.existsSync(c)) return c;
  let bundled: string | null = null;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = null;
  }
  if (bundled && fs.existsSync(bundled)) return bundled;
  throw new Error(
    `No Chromium or Chrome found for the end-to-end tests. Install one (Debian: apt-get install chromium) or set CHROME_PATH. Looked in: ${CANDIDATES.join(', ')}${bundled ? `, ${bundled}` : ''}.`,
  );
}

export type TestBrowser = {
  context: BrowserContext;
  executablePath: string;
  close(): Promise<void>;
};

/**
 * Headless Chromium with a fresh, throw-away profile. Playwright owns the `--user-data-dir` flag, so the
 * temp profile is passed through `launchPersistentContext` instead of `args`.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = findBrowser();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smart-odoo-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 1360, height: 860 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  return {
    context,
    executablePath,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
