import { expect, test, type Page } from '@playwright/test';
import { createServer } from 'node:net';
import { startApiServer, type ApiServer } from '../helpers/api-server';
import { basicRoutes } from '../helpers/api/basic';
import { startBrowserMode, type BrowserModeHost } from './support/browser-mode';

// What a person does in browser mode: open the printed URL, preview a few URLs, read what comes back.
let host: BrowserModeHost;
let api: ApiServer;
let closedPort: number;

test.beforeAll(async () => {
  [host, api, closedPort] = await Promise.all([startBrowserMode(), startApiServer(basicRoutes), freePortWithNoListener()]);
});

test.afterAll(async () => {
  await Promise.all([host?.stop(), api?.close()]);
});

/** Console errors and CSP violations the page produced: a working app has none. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || /Content Security Policy|Could not create web worker/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Every URL the page requested. */
function watchRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** Screenshots as a person sees the window: pointer parked, transitions finished. */
async function snapshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
}

async function preview(page: Page, url: string): Promise<void> {
  await page.getByLabel('Request URL').fill(url);
  await page.getByRole('button', { name: 'Preview' }).click();
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('previews a JSON endpoint and shows status, timing, headers and the body', async ({ page }) => {
      const problems = watchConsole(page);
      const requests = watchRequests(page);
      await page.goto(host.url);
      await expect(page.getByTestId('host-state')).toHaveText('Connected');
      await expect(page.getByTestId('transport-chip')).toHaveText('Browser mode');
      await expect(page.locator('.monaco-editor').first()).toContainText('resource_defaults');
      await expect(page.getByText('No response yet')).toBeVisible();
      // Monaco follows the OS scheme too (its theme class is vs or vs-dark)
      await expect(page.locator('.monaco-editor').first()).toHaveClass(colorScheme === 'dark' ? /\bvs-dark\b/ : /\bvs\b(?!-dark)/);
      await snapshot(page, `shell-${colorScheme}`);

      await preview(page, `${api.baseUrl}/hello`);
      await expect(page.getByTestId('response-status')).toHaveText('200 OK');
      await expect(page.getByTestId('response-time')).toHaveText(/^\d+ ms$|^\d+\.\d+ s$/);
      await expect(page.getByTestId('response-size')).toHaveText(/^\d+ B$/);
      const body = page.getByTestId('json-editor-response.json');
      await expect(body).toContainText('"message": "hello"');
      await expect(body).toContainText('"name": "bravo"');
      await expect(page.getByTestId('last-log')).toContainText('/hello → 200');
      await snapshot(page, `preview-json-${colorScheme}`);

      await page.getByRole('tab', { name: /Headers/ }).click();
      const headers = page.getByRole('table', { name: 'Response headers' });
      await expect(headers.getByRole('row', { name: /content-type/ })).toContainText('application/json');
      await snapshot(page, `preview-headers-${colorScheme}`);

      expect(problems).toEqual([]);
      const local = (url: string) => url.startsWith(`${host.origin}/`) || /^(data|blob):/.test(url);
      expect(requests.filter((url) => !local(url))).toEqual([]);
      expect(requests.some((url) => /\/assets\/editor\.worker-.*\.js$/.test(url))).toBe(true); // Monaco's worker really ran
    });

    test('shows a failing endpoint and an unreachable one as readable results', async ({ page }) => {
      const problems = watchConsole(page);
      await page.goto(host.url);

      await preview(page, `${api.baseUrl}/fail`);
      await expect(page.getByTestId('response-status')).toHaveText('500 Internal Server Error');
      await expect(page.getByTestId('json-editor-response.json')).toContainText('the database is on fire');

      // 64-bit ids as JSON numbers: shown as sent, not rounded to the nearest double (…789 → …800)
      await preview(page, `${api.baseUrl}/big-ids`);
      await expect(page.getByTestId('json-editor-response.json')).toContainText('"id": 1234567890123456789,');
      await expect(page.getByTestId('json-editor-response.json')).toContainText('"id": 1234567890123456790,');
      await snapshot(page, `preview-big-ids-${colorScheme}`);

      await preview(page, `${api.baseUrl}/text`);
      await expect(page.getByTestId('response-status')).toHaveText('200 OK');
      await expect(page.getByTestId('response-text')).toHaveText('plain words, not JSON');
      await snapshot(page, `preview-text-${colorScheme}`);

      await preview(page, `http://127.0.0.1:${closedPort}/items`);
      const alert = page.getByTestId('error-alert');
      await expect(alert).toContainText('Connection refused');
      await expect(alert).toContainText(`GET http://127.0.0.1:${closedPort}/items failed`);
      await expect(alert).toContainText('NETWORK_REFUSED');
      await expect(alert).not.toContainText(/\bat .+:\d+:\d+/); // no stack frames
      await snapshot(page, `preview-error-${colorScheme}`);

      await preview(page, 'not a url');
      await expect(alert).toContainText('Invalid input');
      await expect(alert).toContainText('must be an absolute http(s) URL');

      expect(problems).toEqual([]);
    });
  });
}

test('fits the smallest window the desktop app allows (1000 × 600) without horizontal overflow', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 600 });
  await page.goto(host.url);
  await preview(page, `${api.baseUrl}/hello`);
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await snapshot(page, 'preview-small-window');
});

test('picking a resource in the sidebar fills the request URL from client.base_url', async ({ page }) => {
  await page.goto(host.url);
  const resources = page.getByRole('list', { name: 'Resources' });
  await resources.getByRole('button', { name: /users/ }).click();
  await expect(page.getByLabel('Request URL')).toHaveValue('https://api.example.com/v1/users?per_page=100&active=true');
});

test('a resource typed into the source editor appears in the sidebar and previews', async ({ page }) => {
  const requests = watchRequests(page);
  await page.goto(host.url);
  const editor = page.getByTestId('json-editor-source.json');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(`{ "client": { "base_url": "${api.baseUrl}/" }, "resources": ["hello"] }`);
  await page.keyboard.press('Shift+End'); // drop the brackets Monaco closed automatically while "typing"
  await page.keyboard.press('Delete');
  const resources = page.getByRole('list', { name: 'Resources' });
  await expect(resources.getByRole('button')).toHaveCount(1);
  await resources.getByRole('button', { name: /hello/ }).click();
  await expect(page.getByLabel('Request URL')).toHaveValue(`${api.baseUrl}/hello`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');

  await editor.locator('.view-lines').click();
  await page.keyboard.press('End');
  await page.keyboard.insertText(' trailing garbage');
  await expect(page.getByText('Invalid JSON')).toBeVisible();
  await expect(page.getByText('Fix the config to see its resources.')).toBeVisible();
  // The page itself only ever talked to the host: Monaco and everything else is served locally.
  expect(requests.filter((url) => !url.startsWith(`${host.origin}/`) && !/^(data|blob):/.test(url))).toEqual([]);
});

/** A port that was free a moment ago and has no listener: connecting to it is refused. */
function freePortWithNoListener(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
