import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ElectronLookup = { path: string } | { reason: string };

const ELECTRON_DIR = fileURLToPath(new URL('../../../node_modules/electron/', import.meta.url));

const PLATFORM_EXE: Record<string, string> = {
  linux: 'electron', darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe',
};

/**
 * The Electron binary, found without `require('electron')` (which starts a download when the binary is missing):
 * ELECTRON_OVERRIDE_DIST_PATH first, then the binary npm's postinstall downloaded into node_modules/electron/dist.
 */
export function findElectron(env: Record<string, string | undefined> = process.env): ElectronLookup {
  const pathTxt = join(ELECTRON_DIR, 'path.txt');
  const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : PLATFORM_EXE[process.platform] ?? 'electron';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (override) {
    const path = join(override, relative);
    return existsSync(path) ? { path } : { reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${path} does not exist` };
  }
  const downloaded = join(ELECTRON_DIR, 'dist', relative);
  if (existsSync(downloaded)) return { path: downloaded };
  return {
    reason:
      'no Electron binary: node_modules/electron/dist is missing (its download from the Electron release server ' +
      'failed or never ran). Run `npx install-electron` where that download works, or set ' +
      'ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45 directory.',
  };
}

/** Electron needs a display; on Linux without one, run the test under `xvfb-run`. */
export function missingDisplay(env: Record<string, string | undefined> = process.env): string | undefined {
  if (process.platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return undefined;
  return 'no display (DISPLAY and WAYLAND_DISPLAY are unset): run the Electron tests under `xvfb-run -a npx playwright test --project electron`';
}
