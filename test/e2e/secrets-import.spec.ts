import { expect, test, type Locator, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OsKeychainStore } from '../../core/secrets/os-keychain-store';
import { startBrowserMode, type BrowserModeHost } from './support/browser-mode';

// A dlt config with literal credentials pasted or imported into the app: they move into the OS keychain, the editor
// gets `{secrets.<name>}` references, and the values appear nowhere in the page. Without a keychain (no Secret
// Service) the host holds them in memory for the session and the app says they will be lost and how to keep them.
// CI runs inside keyring-session.sh, so there the keychain case runs; run both ways by hand.
const TOKEN = 'ghp_e2eLiteralTokenValue0123456789';
const API_KEY = 'e2e-header-api-key-value-31';
const CONFIG = JSON.stringify({
  client: { base_url: 'https://api.github.com/repos/dlt-hub/dlt/', auth: { type: 'bearer', token: TOKEN } },
  resources: [{ name: 'issues', endpoint: { path: 'issues', headers: { 'X-API-Key': API_KEY } } }],
}, null, 2);

let host: BrowserModeHost;
let home: string;
let keychainReason: string | undefined;

test.beforeAll(async () => {
  // A throw-away HOME: the keychain index (names only) goes there, and the cleanup deletes exactly what the app stored.
  home = await mkdtemp(join(tmpdir(), 'sluice-e2e-home-'));
  keychainReason = await new OsKeychainStore({ homeDir: home }).unavailableReason();
  host = await startBrowserMode(20_000, { env: { ...process.env, HOME: home } });
});

test.afterAll(async () => {
  await host?.stop();
  const store = new OsKeychainStore({ homeDir: home });
  if (!keychainReason) for (const account of await store.accounts()) await store.delete(account);
  await rm(home, { recursive: true, force: true });
});

/** A screenshot for a person to look at; no secret value may appear in any of them. */
async function snapshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' });
}

/** A real paste into Monaco: a ClipboardEvent with the text on the editor's input, as the OS would deliver it. */
async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  const editor = page.getByTestId('json-editor-source.json');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  // Monaco's input is its EditContext element in Chromium (a textarea elsewhere): the focused element either way.
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Console errors the page produced (React and MUI warnings included): a working app has none. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

function noteCase(): void {
  test.info().annotations.push({
    type: 'keychain',
    description: keychainReason ? `no keychain here (${keychainReason}): asserted the KEYCHAIN_UNAVAILABLE error` : 'real Secret Service keychain: asserted the move',
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
  test.use({ colorScheme });
  test(`pasting a config with a literal token moves it to the keychain or says why not (${colorScheme})`, async ({ page }) => {
    noteCase();
    const problems = watchConsole(page);
    await page.goto(host.url);
    await expect(page.getByTestId('host-state')).toHaveText('Connected');
    await pasteIntoEditor(page, CONFIG);
    const editor = page.getByTestId('json-editor-source.json');

    if (keychainReason) {
      // No keychain: the literals still leave the editor; the host holds them in memory for this session only.
      const notice = page.getByTestId('session-notice');
      await expect(notice).toContainText('Held in memory only, lost when Sluice closes: untitled_project.token, untitled_project.x_api_key');
      await expect(notice).toContainText('SOURCES__UNTITLED_PROJECT__TOKEN');
      await expect(notice).toContainText('[sources.untitled_project]');
      await expect(notice).toContainText(`No OS keychain (${keychainReason})`);
      await expect(page.getByTestId('last-log')).toContainText('Holding 2 credentials in memory for this session only');
      await expect(editor).toContainText('"token": "{secrets.token}"');
      await expect(editor).toContainText('"X-API-Key": "{secrets.x_api_key}"');
      expect(await page.content()).not.toContain(TOKEN);
      expect(await page.content()).not.toContain(API_KEY);
      await editor.locator('.view-lines').click();
      await page.keyboard.press('ControlOrMeta+Z');
      expect(await page.content()).not.toContain(TOKEN);
      await snapshot(page, `secrets-paste-no-keychain-${colorScheme}`);
      await page.getByRole('button', { name: 'Secrets' }).click();
      await expect(page.getByTestId('keychain-unavailable')).toContainText('SOURCES__<SECTION>__<NAME>');
      const table = page.getByRole('table', { name: 'Secrets' });
      await expect(table.getByRole('row', { name: /secrets\.token/ })).toContainText('memory (this session)');
      await expect(table.getByRole('row', { name: /secrets\.token/ })).toContainText('set');
      await expect(page.getByTestId('session-secrets-note')).toContainText('lost when Sluice closes');
      expect(await page.content()).not.toContain(TOKEN);
      await snapshot(page, `secrets-dialog-no-keychain-${colorScheme}`);
      expect(problems).toEqual([]);
      return;
    }
    const notice = page.getByTestId('import-notice');
    await expect(notice).toContainText('Moved 2 credentials to the keychain: untitled_project.token, untitled_project.x_api_key');
    await expect(notice).toContainText('{secrets.token}');
    await expect(editor).toContainText('"token": "{secrets.token}"');
    await expect(editor).toContainText('"X-API-Key": "{secrets.x_api_key}"');
    await expect(page.getByTestId('last-log')).toContainText('Moved 2 credentials to the keychain');
    const html = await page.content();
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(API_KEY);
    // Undo must not lead back to the literal: the editor's history was replaced, not appended to.
    await editor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+Z');
    expect(await page.content()).not.toContain(TOKEN);
    expect(await new OsKeychainStore({ homeDir: home }).get('untitled_project.token')).toBe(TOKEN);
    await snapshot(page, `secrets-paste-${colorScheme}`);

    await page.getByRole('button', { name: 'Secrets' }).click();
    const table = page.getByRole('table', { name: 'Secrets' });
    await expect(table.getByRole('row', { name: /secrets\.token/ })).toContainText('keychain');
    await expect(table.getByRole('row', { name: /secrets\.token/ })).toContainText('set');
    await expect(table.getByRole('row', { name: /secrets\.x_api_key/ })).toContainText('SOURCES__UNTITLED_PROJECT__X_API_KEY');
    expect(await page.content()).not.toContain(TOKEN);
    await snapshot(page, `secrets-dialog-${colorScheme}`);
    expect(problems).toEqual([]);
  });
  });
}

test('importing a .json file names the project after it and moves its credentials; Set… and Delete work', async ({ page }) => {
  noteCase();
  const section = `e2e_${process.pid}`;
  const problems = watchConsole(page);
  await page.goto(host.url);
  await page.getByLabel('Config file to import').setInputFiles({ name: `${section}.json`, mimeType: 'application/json', buffer: Buffer.from(CONFIG) });
  const editor = page.getByTestId('json-editor-source.json');
  if (keychainReason) {
    // The file's literals never enter the editor: held in memory for this session, references in their place.
    await expect(page.getByTestId('session-notice')).toContainText(`${section}.token, ${section}.x_api_key`);
    await expect(editor).toContainText('{secrets.token}');
    await expect(page.getByRole('banner')).toContainText(section);
    expect(await page.content()).not.toContain(TOKEN);
    expect(problems).toEqual([]);
    return;
  }
  await expect(page.getByTestId('import-notice')).toContainText(`Moved 2 credentials to the keychain: ${section}.token, ${section}.x_api_key`);
  await expect(editor).toContainText('{secrets.token}');
  await expect(page.getByRole('banner')).toContainText(section);
  expect(await page.content()).not.toContain(TOKEN);

  await page.getByRole('button', { name: 'Secrets' }).click();
  const row = page.getByRole('table', { name: 'Secrets' }).getByRole('row', { name: /secrets\.token/ });
  await row.getByRole('button', { name: 'Set…' }).click();
  await page.getByLabel('Secret value').fill('a-new-typed-value-99');
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  await expect(page.getByLabel('Secret value')).toBeHidden();
  expect(await new OsKeychainStore({ homeDir: home }).get(`${section}.token`)).toBe('a-new-typed-value-99');
  expect(await page.content()).not.toContain('a-new-typed-value-99');

  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toContainText('unset');
  expect(problems).toEqual([]);
  expect(await new OsKeychainStore({ homeDir: home }).get(`${section}.token`)).toBeUndefined();
});

test('Save… refuses a typed-in literal credential, saves references only, and Open… reads the project back', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-e2e-project-'));
  const problems = watchConsole(page);
  try {
    await page.goto(host.url);
    const editor = page.getByTestId('json-editor-source.json');
    // Typed, not pasted: nothing moves it, so saving must refuse it. Blank lines after it scroll the typed literal
    // out of the editor's view (the cursor ends at the bottom), so the screenshot shows no value.
    await typeConfigAndSave(page, editor, `{ "client": { "base_url": "https://api.test/", "auth": { "token": "${TOKEN}" } },${'\n'.repeat(60)} "resources": ["issues"] }`, dir);
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('error-alert').locator('code', { hasText: /^client\.auth\.token$/ })).toBeVisible();
    await expect(dialog.getByTestId('error-alert')).not.toContainText(TOKEN);
    expect(existsSync(join(dir, 'sluice.json'))).toBe(false);
    await expect(editor).not.toContainText(TOKEN.slice(0, 8)); // scrolled out of view
    await snapshot(page, 'project-save-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await typeConfigAndSave(page, editor, '{ "client": { "base_url": "https://api.test/", "auth": { "token": "{secrets.token}" } }, "resources": ["issues"] }', dir);
    await expect(page.getByTestId('project-snackbar')).toContainText(`Saved ${join(dir, 'sluice.json')}`);
    const saved = await readFile(join(dir, 'sluice.json'), 'utf8');
    expect(saved).toContain('{secrets.token}');
    expect(saved).not.toContain(TOKEN);
    await expect(page.getByRole('banner')).toContainText('GitHub');

    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.getByLabel('Project folder').fill(dir);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('banner')).toContainText('GitHub');
    await expect(editor).toContainText('"token": "{secrets.token}"');
    await expect(page.getByRole('list', { name: 'Resources' }).getByRole('button')).toHaveCount(1);
    expect(problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Replaces the editor's text by typing (not pasting) and saves the project as `GitHub` in `dir`. */
async function typeConfigAndSave(page: Page, editor: Locator, text: string, dir: string): Promise<void> {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  // Monaco auto-closes brackets while typing: drop what it added after the cursor.
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Delete');
  await page.getByRole('button', { name: 'Save…' }).click();
  await page.getByLabel('Project name').fill('GitHub');
  await page.getByLabel('Project folder').fill(dir);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}

test('renaming the project on Save… moves its secrets to the new section and refuses a clash, naming the key', async ({ page }) => {
  noteCase();
  const dir = await mkdtemp(join(tmpdir(), 'sluice-e2e-rename-'));
  const name = `Shop ${process.pid}`;
  const section = `shop_${process.pid}`;
  const OTHER = 'ghp_aDifferentTokenForTheClash987';
  const problems = watchConsole(page);
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('host-state')).toHaveText('Connected');
    await pasteIntoEditor(page, CONFIG);
    await expect(page.getByTestId(keychainReason ? 'session-notice' : 'import-notice')).toContainText('untitled_project.token');

    await page.getByRole('button', { name: 'Save…' }).click();
    await page.getByLabel('Project name').fill(name);
    await page.getByLabel('Project folder').fill(dir);
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('rename-note')).toContainText(`from [sources.untitled_project] to [sources.${section}]`);
    await snapshot(page, 'project-rename-dialog');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = page.getByTestId('project-snackbar');
    await expect(saved).toContainText(`Saved ${join(dir, 'sluice.json')}`);
    await expect(saved).toContainText(`Moved 2 secrets to [sources.${section}]: untitled_project.token → ${section}.token`);
    if (keychainReason) await expect(saved).toContainText('held in memory for this app session only');
    expect(await page.content()).not.toContain(TOKEN);
    await snapshot(page, 'project-rename-saved');
    expect(JSON.parse(await readFile(join(dir, 'sluice.json'), 'utf8'))).toMatchObject({ name, section });
    if (!keychainReason) {
      const store = new OsKeychainStore({ homeDir: home });
      expect(await store.get(`${section}.token`)).toBe(TOKEN);
      expect(await store.get('untitled_project.token')).toBeUndefined();
    }
    await saved.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Secrets' }).click();
    await expect(page.getByRole('dialog')).toContainText(`[sources.${section}]`);
    const row = page.getByRole('table', { name: 'Secrets' }).getByRole('row', { name: /secrets\.token/ });
    await expect(row).toContainText(keychainReason ? 'memory (this session)' : 'keychain');
    await expect(row).toContainText(`SOURCES__SHOP_${process.pid}__TOKEN`);
    await page.getByRole('button', { name: 'Close' }).click();

    // A new window (untitled again) pastes a different token, then saves under the same name: refused, by key.
    await page.goto(host.url);
    await pasteIntoEditor(page, CONFIG.replace(TOKEN, OTHER));
    await expect(page.getByTestId(keychainReason ? 'session-notice' : 'import-notice')).toContainText('untitled_project.token');
    await page.getByRole('button', { name: 'Save…' }).click();
    await page.getByLabel('Project name').fill(name);
    await page.getByLabel('Project folder').fill(dir);
    await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('dialog').getByTestId('error-alert');
    await expect(alert).toContainText('SECRETS_MOVE_CONFLICT');
    await expect(alert).toContainText(`token (${keychainReason ? 'session' : 'keychain'} account ${section}.token)`);
    await expect(alert.getByText(`${section}.token`, { exact: true })).toHaveJSProperty('tagName', 'CODE');
    await expect(alert).not.toContainText('x_api_key'); // the same key value is not a clash
    const html = await page.content();
    for (const value of [TOKEN, OTHER, API_KEY]) expect(html).not.toContain(value);
    await snapshot(page, 'project-rename-conflict');
    if (!keychainReason) {
      const store = new OsKeychainStore({ homeDir: home });
      expect(await store.get('untitled_project.token')).toBe(OTHER); // nothing moved or lost
      expect(await store.get(`${section}.token`)).toBe(TOKEN);
    }
    expect(problems).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Save… to another folder under a new name (Save as) copies the secrets: the project left behind still has them', async ({ page }) => {
  noteCase();
  const root = await mkdtemp(join(tmpdir(), 'sluice-e2e-save-as-'));
  const first = join(root, 'shop');
  const second = join(root, 'shop-copy');
  const source = `shopsrc_${process.pid}`;
  const copyName = `Shop copy ${process.pid}`;
  const copySection = `shop_copy_${process.pid}`;
  const problems = watchConsole(page);
  try {
    await mkdir(first);
    await mkdir(second);
    await page.goto(host.url);
    await expect(page.getByTestId('host-state')).toHaveText('Connected');
    // An imported file names the project (and its section) after itself: a section no other test uses.
    await page.getByLabel('Config file to import').setInputFiles({ name: `${source}.json`, mimeType: 'application/json', buffer: Buffer.from(CONFIG) });
    await expect(page.getByTestId(keychainReason ? 'session-notice' : 'import-notice')).toContainText(`${source}.token`);
    await page.getByRole('button', { name: 'Save…' }).click();
    await page.getByLabel('Project folder').fill(first);
    await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
    const saved = page.getByTestId('project-snackbar');
    await expect(saved).toContainText(`Saved ${join(first, 'sluice.json')}`);
    await saved.getByRole('button', { name: 'Close' }).click();
    const firstFile = await readFile(join(first, 'sluice.json'), 'utf8');

    // Save as: a new name in another folder. The dialog says the secrets will be copied, not moved.
    await page.getByRole('button', { name: 'Save…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(page.getByLabel('Project folder')).toHaveValue(first);
    await page.getByLabel('Project name').fill(copyName);
    await page.getByLabel('Project folder').fill(second);
    await expect(dialog.getByTestId('copy-note')).toContainText(`copies this project's secrets from [sources.${source}] to [sources.${copySection}]`);
    await expect(dialog.getByTestId('copy-note')).toContainText(`the project file in ${first} still runs`);
    await expect(dialog.getByTestId('rename-note')).toHaveCount(0);
    await snapshot(page, 'project-save-as-dialog');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(saved).toContainText(`Saved ${join(second, 'sluice.json')}`);
    await expect(saved).toContainText(`Copied 2 secrets to [sources.${copySection}] (the old section keeps them for the project file left there): ` +
      `${source}.token → ${copySection}.token`);
    await expect(saved).not.toContainText('Moved');
    await expect(page.getByTestId('last-log')).toContainText(`copied 2 secrets from [sources.${source}] to [sources.${copySection}]`);
    for (const value of [TOKEN, API_KEY]) expect(await page.content()).not.toContain(value);
    await snapshot(page, 'project-save-as-saved');
    expect(await readFile(join(first, 'sluice.json'), 'utf8')).toBe(firstFile);
    expect(JSON.parse(await readFile(join(second, 'sluice.json'), 'utf8'))).toMatchObject({ name: copyName, section: copySection });
    if (!keychainReason) {
      const store = new OsKeychainStore({ homeDir: home });
      for (const section of [source, copySection]) {
        expect(await store.get(`${section}.token`)).toBe(TOKEN);
        expect(await store.get(`${section}.x_api_key`)).toBe(API_KEY);
      }
    }
    await saved.getByRole('button', { name: 'Close' }).click();

    // The copy is now the open project: a new name in its own folder is a rename again (moves).
    await page.getByRole('button', { name: 'Save…' }).click();
    await expect(page.getByLabel('Project folder')).toHaveValue(second);
    await page.getByLabel('Project name').fill(`Shop final ${process.pid}`);
    await expect(dialog.getByTestId('rename-note')).toContainText(`moves this project's secrets from [sources.${copySection}]`);
    await expect(dialog.getByTestId('copy-note')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The project left behind opens and still finds its secrets under its own section.
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.getByLabel('Project folder').fill(first);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('banner')).toContainText(source);
    await page.getByRole('button', { name: 'Secrets' }).click();
    await expect(page.getByRole('dialog')).toContainText(`[sources.${source}]`);
    const row = page.getByRole('table', { name: 'Secrets' }).getByRole('row', { name: /secrets\.token/ });
    await expect(row).toContainText(keychainReason ? 'memory (this session)' : 'keychain');
    await expect(row).not.toContainText('unset');
    for (const value of [TOKEN, API_KEY]) expect(await page.content()).not.toContain(value);
    await snapshot(page, 'project-save-as-old-project-secrets');
    expect(problems).toEqual([]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
