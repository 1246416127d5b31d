import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { API_METHODS } from '../../core/api/contract';
import { startApiServer, type ApiServer } from '../helpers/api-server';
import { basicRoutes } from '../helpers/api/basic';
import { findElectron, missingDisplay } from './support/electron-binary';

// The desktop shell through Playwright's Electron launcher. It needs the Electron binary, which cannot be
// downloaded on every machine: where it is missing the whole file is skipped and the reason says why.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = `${ROOT}out/main/index.js`;
const binary = findElectron();
const skipReason = 'reason' in binary ? binary.reason : missingDisplay();
test.skip(skipReason !== undefined, skipReason);
// Said once, while Playwright collects the tests (the list reporter does not print skip reasons).
if (skipReason && process.env.TEST_WORKER_INDEX === undefined) process.stdout.write(`Electron smoke test skipped: ${skipReason}\n`);

let app: ElectronApplication;
let page: Page;
let api: ApiServer;

test.beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('out/main/index.js is missing: run `npm run build` first');
  api = await startApiServer(basicRoutes);
  const args = [MAIN];
  // Chromium's OS sandbox refuses to start as root (containers, CI); the renderer sandbox is a separate setting.
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  app = await electron.launch({ executablePath: 'path' in binary ? binary.path : '', args, cwd: ROOT });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  await api?.close();
});

test('opens one locked-down window', async () => {
  expect(await page.title()).toBe('Sluice');
  expect(page.url()).toBe('sluice://app/index.html'); // the app scheme, not file://
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const windows = BrowserWindow.getAllWindows();
    // Undocumented but long-standing: the preferences the page was actually created with.
    const contents = windows[0]!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null };
    const p = contents.getLastWebPreferences();
    return { count: windows.length, contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
  });
  expect(prefs).toEqual({ count: 1, contextIsolation: true, sandbox: true, nodeIntegration: false });
  expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]))
    .toEqual(['undefined', 'undefined']);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
});

test('exposes exactly the contract facade', async () => {
  const keys = await page.evaluate(() => Object.keys((window as unknown as { sluice: object }).sluice).sort());
  expect(keys).toEqual([...API_METHODS, 'on'].sort());
  const info = await page.evaluate(() => (window as unknown as { sluice: { getAppInfo(i: object): Promise<{ transport: string }> } }).sluice.getAppInfo({}));
  expect(info.transport).toBe('electron');
});

test('errors cross the bridge as data the UI can branch on', async () => {
  const port = await closedPort();
  const error = await page.evaluate(async (url) => {
    try {
      await (window as unknown as { sluice: { previewRequest(i: object): Promise<unknown> } }).sluice.previewRequest({ url });
      return undefined;
    } catch (e) {
      const { name, code, message } = e as { name: string; code: string; message: string };
      return { name, code, message };
    }
  }, `http://127.0.0.1:${port}/x`);
  expect(error).toMatchObject({ name: 'NetworkError', code: 'NETWORK_REFUSED' });
});

test('blocks navigation and new windows', async () => {
  const before = page.url();
  await page.evaluate(() => { window.location.href = 'https://example.com/'; });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('previews a request from the UI', async () => {
  await page.getByLabel('Request URL').fill(`${api.baseUrl}/hello`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await expect(page.getByTestId('json-editor-response.json')).toContainText('"message": "hello"');
  await expect(page.getByTestId('transport-chip')).toHaveText('Desktop');
  await expect(page.getByTestId('last-log')).toContainText('/hello → 200'); // host events reach the window
  await page.screenshot({ path: 'test-results/screenshots/electron-preview.png' });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
