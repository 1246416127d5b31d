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
let window: Page;
let api: ApiServer;

test.beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('out/main/index.js is missing: run `npm run build` first');
  api = await startApiServer(basicRoutes);
  const args = [MAIN];
  // Chromium's OS sandbox refuses to start as root (containers, CI); the renderer sandbox is a separate setting.
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  app = await electron.launch({ executablePath: 'path' in binary ? binary.path : '', args, cwd: ROOT });
  window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  await api?.close();
});

test('opens one locked-down window', async () => {
  expect(await window.title()).toBe('Sluice');
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const windows = BrowserWindow.getAllWindows();
    const p = windows[0]!.webContents.getLastWebPreferences();
    return { count: windows.length, contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
  });
  expect(prefs).toEqual({ count: 1, contextIsolation: true, sandbox: true, nodeIntegration: false });
  expect(await window.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]))
    .toEqual(['undefined', 'undefined']);
  const csp = await window.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
});

test('exposes exactly the contract facade', async () => {
  const keys = await window.evaluate(() => Object.keys((window as unknown as { sluice: object }).sluice).sort());
  expect(keys).toEqual([...API_METHODS, 'on'].sort());
  const info = await window.evaluate(() => (window as unknown as { sluice: { getAppInfo(i: object): Promise<{ transport: string }> } }).sluice.getAppInfo({}));
  expect(info.transport).toBe('electron');
});

test('errors cross the bridge as data the UI can branch on', async () => {
  const port = await closedPort();
  const error = await window.evaluate(async (url) => {
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
  const before = window.url();
  await window.evaluate(() => { window.location.href = 'https://example.com/'; });
  await window.waitForTimeout(500);
  expect(window.url()).toBe(before);
  expect(await window.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('previews a request from the UI', async () => {
  await window.getByLabel('Request URL').fill(`${api.baseUrl}/hello`);
  await window.getByRole('button', { name: 'Preview' }).click();
  await expect(window.getByTestId('response-status')).toHaveText('200 OK');
  await expect(window.getByTestId('json-editor-response.json')).toContainText('"message": "hello"');
  await expect(window.getByTestId('transport-chip')).toHaveText('Desktop');
  await window.screenshot({ path: 'test-results/screenshots/electron-preview.png' });
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
