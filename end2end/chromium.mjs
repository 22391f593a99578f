// Debian's Chromium as the tests and bench/tti.mjs launch it; Playwright's own browser
// download is never used.
export const launchOptions = {
  executablePath: process.env.KEYPORT_E2E_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
