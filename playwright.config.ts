import { writeSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';
import { findChromium } from './test/helpers/find-chromium';

/** Flags for Debian's Chromium in a container: no sandbox, no GPU, and no traffic to Google's services. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Projects named on the command line (`--project x` or `--project=x`); empty means all. */
function selectedProjects(argv: string[]): string[] {
  return argv.flatMap((arg, i) => (arg === '--project' ? [argv[i + 1] ?? ''] : arg.startsWith('--project=') ? [arg.slice(10)] : []));
}
const projects = selectedProjects(process.argv);
const onlyElectron = projects.length > 0 && !projects.includes('e2e');
const browser = findChromium(process.env, () => chromium.executablePath());
// Checked once, in the runner; workers load this file too but without the command line.
if ('error' in browser && !onlyElectron && process.env.TEST_WORKER_INDEX === undefined) {
  // One line that says what to install; a stack trace would bury it.
  writeSync(2, `${browser.error}\n`);
  process.exit(1);
}

export default defineConfig({
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  projects: [
    {
      name: 'e2e',
      testDir: 'test/e2e',
      testMatch: '**/*.spec.ts',
      use: {
        browserName: 'chromium',
        viewport: { width: 1440, height: 900 },
        screenshot: 'only-on-failure',
        launchOptions: { args: CHROMIUM_ARGS, ...('path' in browser ? { executablePath: browser.path } : {}) },
      },
    },
    { name: 'electron', testDir: 'test/electron', testMatch: '**/*.spec.ts' },
  ],
});
