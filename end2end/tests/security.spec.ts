// Framing: another site cannot show a portal page in a frame (clickjacking), while the
// branding page's own same-origin preview frames keep working (branding.spec.ts).
import { test, expect, signIn, USERS } from './fixtures';

test('a page of another site cannot frame the portal', async ({ page, baseURL }) => {
  await signIn(page, USERS.admin);
  const target = new URL('/vendor/settings/portal', baseURL).toString();
  // A page of another origin, served by the browser itself: no network needed.
  await page.route('http://attacker.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!DOCTYPE html><title>Attacker</title><iframe title="framed" src="${target}"></iframe>`,
    }),
  );
  await page.goto('http://attacker.test/');
  const framed = page.frameLocator('iframe[title="framed"]');
  // The portal refused: the frame holds the browser's error page, never the settings form.
  await expect
    .poll(() => page.frames().find((f) => f !== page.mainFrame())?.url() ?? '')
    .toMatch(/^chrome-error:/);
  await expect(framed.getByRole('heading', { name: 'Portal settings' })).toHaveCount(0);
});
