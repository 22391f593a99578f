import { defineConfig } from '@playwright/test';
import { launchOptions } from './chromium.mjs';

// The server under test. scripts/test.sh starts `keyport serve` on a free port with freshly
// seeded demo data and passes its address here; by hand, run ./scripts/run.sh and
// `npx playwright test` (the default below).
const baseURL = process.env.KEYPORT_E2E_BASE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  // The demo database is shared by the whole run: specs restore what they change and the
  // mutating ones use their own users. One worker: the two projects edit the same profile, and
  // on two cores the server and Chromium gain little from parallel tests.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  // Generous: on a loaded 2-core machine a sign-in (argon2id) plus an SSR page can take
  // several seconds; a passing run is no slower for it.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    launchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Server-side rendering only: every page and form must work as plain HTML.
    // Lazy route modules need JavaScript to load at all.
    { name: 'no-js', use: { javaScriptEnabled: false }, testIgnore: /lazy-routes\.spec\.ts/ },
    // The WASM bundle loads and hydrates each page (`html[data-hydrated="true"]`).
    { name: 'hydrated', use: { javaScriptEnabled: true } },
  ],
});
