// The vendor console's upload form: a vendor admin publishes a small release from the browser
// (a plain multipart post without JavaScript; hydrated, with a progress bar and a live status),
// it appears in the list, a 5-minute signed link downloads it without a session, and it is
// yanked again so customers' release lists in the shared demo database stay as they were.
import { createHash } from 'node:crypto';
import {
  test,
  expect,
  USERS,
  gotoPage,
  isHydratedRun,
  mainHeading,
  signIn,
  confirmAction,
} from './fixtures';

test('a vendor admin uploads a release through the form and hands out a signed link', async ({
  page,
}) => {
  test.slow();
  // Unique per run and project: reruns against the same database never collide.
  const version = `7.${Math.floor(Date.now() / 1000) % 100_000_000}.${isHydratedRun() ? 1 : 0}`;
  const fileName = `northwind-${version}-linux.txt`;
  const contents = `Northwind Studio ${version}, uploaded by the end-to-end test.\n`;
  const label = `${version} stable linux x86_64`;

  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/releases');
  await expect(mainHeading(page)).toHaveText('Releases');
  const form = page.getByRole('form', { name: 'Upload a release' });
  await form.getByLabel('Product', { exact: true }).selectOption({ label: 'Northwind Studio' });
  await form.getByLabel('Version', { exact: true }).fill(version);
  await form.getByLabel('Channel', { exact: true }).fill('stable');
  await form.getByLabel('Platform', { exact: true }).fill('linux');
  await form.getByLabel('Architecture', { exact: true }).fill('x86_64');
  await form.getByLabel('Release notes (Markdown)').fill('- Uploaded from the **browser**');
  await form.getByLabel('Files', { exact: true }).setInputFiles({
    name: fileName,
    mimeType: 'text/plain',
    buffer: Buffer.from(contents),
  });
  await form.getByRole('button', { name: 'Upload and publish', exact: true }).click();

  if (isHydratedRun()) {
    // Sent by XMLHttpRequest: the page stays, the bar fills and the live region says so.
    await expect(page.getByTestId('upload-progress')).toBeVisible();
    await expect(page.getByTestId('upload-status')).toHaveText(
      `Northwind Studio ${version} was published with 1 file.`,
    );
  } else {
    await page.waitForURL(/\/vendor\/releases\?saved=uploaded/);
    await expect(
      page.getByRole('status').filter({ hasText: 'The release was uploaded and published.' }),
    ).toBeVisible();
  }
  const row = page.getByTestId('vendor-release').filter({ hasText: fileName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(version);
  await expect(row).toContainText('published');

  try {
    await row.getByRole('button', { name: `Get a 5-minute link to ${fileName}` }).click();
    const section = page.getByTestId('signed-link');
    await expect(section).toContainText('Anyone with this link can download the file for 5 minutes');
    const href = await section.getByRole('link').getAttribute('href');
    expect(href).toMatch(/^\/downloads\/signed\//);
    // No cookie: the link is the permission.
    const anonymous = await page.context().browser()!.newContext();
    try {
      const res = await anonymous.request.get(new URL(href!, page.url()).toString());
      expect(res.status()).toBe(200);
      const body = await res.body();
      expect(createHash('sha256').update(body).digest('hex')).toBe(
        createHash('sha256').update(contents).digest('hex'),
      );
    } finally {
      await anonymous.close();
    }
  } finally {
    await gotoPage(page, '/vendor/releases', { axe: false });
    await confirmAction(page, `Yank ${label}`);
    await expect(
      page.getByTestId('vendor-release').filter({ hasText: fileName }),
    ).toContainText('yanked');
  }
});

test('the upload form refuses a version that is not semantic, with the reason', async ({ page }) => {
  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/releases', { axe: false });
  const form = page.getByRole('form', { name: 'Upload a release' });
  await form.getByLabel('Version', { exact: true }).fill('1.2');
  await form.getByLabel('Platform', { exact: true }).fill('linux');
  await form.getByLabel('Architecture', { exact: true }).fill('x86_64');
  await form.getByLabel('Files', { exact: true }).setInputFiles({
    name: 'never-published.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('never published'),
  });
  await form.getByRole('button', { name: 'Upload and publish', exact: true }).click();
  const reason = isHydratedRun() ? page.getByTestId('upload-status') : page.getByRole('alert');
  await expect(reason.filter({ hasText: 'semantic version' })).toBeVisible();
  await gotoPage(page, '/vendor/releases', { axe: false });
  await expect(page.getByTestId('vendor-release').filter({ hasText: 'never-published.txt' })).toHaveCount(0);
});
