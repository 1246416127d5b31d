// The desktop shell: one window, the contract bound over IPC, nothing else. All logic lives in core.
import { app, BrowserWindow, ipcMain, nativeTheme, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { API_METHODS, EVENT_NAMES, SLUICE_VERSION, apiChannel, eventChannel, settle, type ApiMethod } from '../../core/index';
import { CONTENT_SECURITY_POLICY, PipelineService } from '../../core/node';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { isTrustedSender, rendererEntry } from './renderer-entry';

const service = new PipelineService({ transport: 'electron', version: SLUICE_VERSION });
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
const entry = rendererEntry(process.env.ELECTRON_RENDERER_URL);

function bindContract(): void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, entry)) {
        return { ok: false, error: { name: 'SluiceError', code: 'FORBIDDEN', message: 'Only the Sluice window may call the host' } };
      }
      const call = service[method as ApiMethod] as (input: unknown) => Promise<unknown>;
      return settle(() => call.call(service, input ?? {}));
    });
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1000,
    minHeight: 600,
    title: 'Sluice',
    show: false,
    // The theme's background, so the window does not flash the other colour scheme while the page loads.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f3f4f7',
    autoHideMenuBar: true,
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // Nothing but the app itself is ever loaded in the window; a page asking for a new window gets the user's browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedSender(url, entry)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const forwarders = EVENT_NAMES.map((name) =>
    service.on(name, (payload) => { if (!window.isDestroyed()) window.webContents.send(eventChannel(name), payload); }),
  );
  window.on('closed', () => forwarders.forEach((off) => off()));
  void window.loadURL(entry.url);
  return window;
}

app.enableSandbox();
registerAppScheme();
// One window: a second launch focuses the first instead of opening another.
if (!app.requestSingleInstanceLock()) app.exit(0);
app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) { if (window.isMinimized()) window.restore(); window.focus(); }
});

app.whenReady().then(() => {
  // The built page carries the policy as a header (and a meta tag); the dev server's hot reload needs inline scripts.
  serveRenderer(rendererDir, CONTENT_SECURITY_POLICY);
  // No camera, notifications, geolocation…: only writing to the clipboard (the editor's Copy) is allowed.
  session.defaultSession.setPermissionRequestHandler((_webContents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  bindContract();
  createWindow();
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) createWindow(); });
}, (error: unknown) => {
  console.error(`Sluice could not start: ${String(error)}`);
  app.exit(1);
});

app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
