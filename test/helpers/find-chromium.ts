import { existsSync } from 'node:fs';

export type ChromiumLookup = { path: string; source: 'CHROMIUM_PATH' | '/usr/bin/chromium' | 'playwright' } | { error: string };

/** The one line printed when no browser is found: what to install, nothing else. */
export const NO_CHROMIUM_MESSAGE =
  'e2e: no Chromium found. Install it with `apt-get install chromium` (Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium binary.';

/**
 * Finds the browser for the e2e tests: `CHROMIUM_PATH`, then Debian's /usr/bin/chromium, then Playwright's own
 * download when installed. A CHROMIUM_PATH that points nowhere is an error, not a silent fallback.
 */
export function findChromium(
  env: Record<string, string | undefined>,
  playwrightPath: () => string | undefined,
  exists: (path: string) => boolean = existsSync,
): ChromiumLookup {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    return exists(fromEnv)
      ? { path: fromEnv, source: 'CHROMIUM_PATH' }
      : { error: `e2e: CHROMIUM_PATH is \`${fromEnv}\` but no file is there; point it at a Chromium binary or unset it.` };
  }
  if (exists('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: '/usr/bin/chromium' };
  let own: string | undefined;
  try {
    own = playwrightPath();
  } catch {
    own = undefined;
  }
  if (own && exists(own)) return { path: own, source: 'playwright' };
  return { error: NO_CHROMIUM_MESSAGE };
}
