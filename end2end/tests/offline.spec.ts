import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import {
  test,
  expect,
  USERS,
  gotoPage,
  mainHeading,
  signIn,
  expectPageReady,
  isHydratedRun,
  signOutQuietly,
} from './fixtures';

// The whole offline journey with the real binaries: `keyport license create` issues a license
// in the running server's database (scripts/test.sh exports KEYPORT_DATA_DIR), `keyport-activate`
// makes the request on a "machine" (a scratch directory), the browser uploads it, reviews and
// confirms, downloads the response, and the CLI accepts it; then the same way back.
const ROOT = path.resolve(__dirname, '..', '..');
const KEYPORT = path.join(ROOT, 'target', 'keyport');
const ACTIVATE = path.join(ROOT, 'target', 'keyport-activate');
const CORPUS = path.join(ROOT, 'sdk', 'tests', 'corpus');

interface Issued {
  id: string;
  key: string;
  product_id: string;
  public_key: string;
}

/** A fresh license of Max's (one seat, offline allowed), from the vendor's CLI. */
function issueLicense(): Issued {
  const out = execFileSync(
    KEYPORT,
    [
      'license', 'create', '--account', 'demo', '--product', 'Northwind Studio',
      '--organization', 'Acme Corp', '--owner-email', USERS.member,
      '--allowed-activations', '1', '--offline', '--lease-days', '30',
    ],
    { encoding: 'utf8', env: process.env },
  );
  // The log goes to stdout too: the JSON is the last line.
  return JSON.parse(out.trim().split('\n').pop()!) as Issued;
}

/** A machine: its own state file and a fixed random fingerprint. */
function machine(): { run: (...args: string[]) => string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyport-machine-'));
  const fingerprint = [...Array(64)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
  const run = (...args: string[]) =>
    execFileSync(ACTIVATE, ['--state', path.join(dir, 'state.json'), '--fingerprint', fingerprint, ...args], {
      encoding: 'utf8',
      cwd: dir,
    });
  return { run, dir };
}

/** Hands the file to the page: dropped on the drop zone when hydrated, else picked and sent. */
async function upload(page: Page, file: string, kind: 'activation' | 'deactivation'): Promise<void> {
  if (isHydratedRun()) {
    const contents = fs.readFileSync(file, 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'request.txt', { type: 'text/plain' }));
      return dt;
    }, contents);
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  } else {
    await page.getByLabel(kind === 'activation' ? 'Activation request file' : 'Deactivation request file', {
      exact: true,
    }).setInputFiles(file);
    await page.getByRole('button', { name: 'Check the file', exact: true }).click();
  }
  await page.waitForURL((url) => url.searchParams.has('review'));
  await expectPageReady(page);
}

test.describe('offline activation page', () => {
  test('a member activates an offline machine: the CLI accepts the response, and the way back frees the seat', async ({
    page,
  }) => {
    const license = issueLicense();
    const box = machine();
    box.run('offline-request', '--product', license.product_id, '--license-key', license.key, '--out', 'request.txt');

    await signIn(page, USERS.member);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offline', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/offline/activate');
    await expectPageReady(page);
    await expect(mainHeading(page)).toHaveText('Offline activation');

    await upload(page, path.join(box.dir, 'request.txt'), 'activation');
    // What the file asks for, before anything happens.
    const review = page.getByTestId('offline-review');
    await expect(review.getByRole('heading', { name: '3. Activate this machine?' })).toBeVisible();
    await expect(review).toContainText(license.key.slice(0, 8));
    const hostname = (await review.getByTestId('review-hostname').innerText()).trim();
    expect(hostname).not.toBe('');

    // Confirming leads to a page that says it is done and offers the file.
    await review.getByRole('button', { name: 'Activate the machine', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has('done'));
    await expectPageReady(page);
    const done = page.getByTestId('offline-done');
    await expect(done.getByRole('heading', { name: 'The machine is activated' })).toBeVisible();
    await expect(done.getByRole('status')).toContainText(`${hostname} is activated on`);
    await expect(done).toContainText(`Copy the response file to ${hostname} and open it in Northwind Studio`);
    await expect(page.getByRole('heading', { name: /Activate this machine\?/ })).toHaveCount(0);
    const downloading = page.waitForEvent('download');
    await done.getByRole('link', { name: 'Download the response file', exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^northwind-software-activation-[0-9a-f]{32}\.txt$/);
    await download.saveAs(path.join(box.dir, 'response.txt'));

    box.run('offline-apply', 'response.txt', '--public-key', license.public_key);
    expect(box.run('status')).toMatch(/^valid/);

    // The license page shows the machine.
    await gotoPage(page, `/licenses/${license.id}`);
    await expect(page.getByRole('region', { name: 'Machines' }).getByRole('table')).toBeVisible();

    // And back: the machine writes its deactivation request, the portal frees the seat.
    box.run('offline-deactivate', '--out', 'deactivation.txt');
    await gotoPage(page, '/offline/deactivate');
    await upload(page, path.join(box.dir, 'deactivation.txt'), 'deactivation');
    await expect(review.getByRole('heading', { name: '3. Free the seat of this machine?' })).toBeVisible();
    await review.getByRole('button', { name: 'Free the seat', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has('done'));
    await expect(done.getByRole('heading', { name: 'The seat is free' })).toBeVisible();
    const receipt = page.waitForEvent('download');
    await done.getByRole('link', { name: 'Download the receipt', exact: true }).click();
    expect((await receipt).suggestedFilename()).toMatch(/^northwind-software-deactivation-receipt-[0-9a-f]{32}\.txt$/);

    await gotoPage(page, `/licenses/${license.id}`);
    await expect(page.getByText('No machines are activated on this license.')).toBeVisible();
    fs.rmSync(box.dir, { recursive: true, force: true });
  });

  test("the first step is in the vendor's words for each product, shown as text", async ({ page }) => {
    const help = 'In Northwind Studio, open Help > Offline activation and click "Save request" <now>.';
    const product = () => page.getByTestId('vendor-product').filter({ hasText: 'Northwind Studio' });
    const setHelp = async (text: string) => {
      await gotoPage(page, '/vendor/products', { axe: false });
      await product().getByText('Offline activation help', { exact: true }).click();
      await product().getByLabel('Offline activation help for Northwind Studio', { exact: true }).fill(text);
      await product().getByRole('button', { name: 'Save the offline activation help of Northwind Studio', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Offline activation help saved.' })).toBeVisible();
    };
    await signIn(page, USERS.admin);
    await setHelp(help);
    try {
      await signOutQuietly(page);
      await signIn(page, USERS.member);
      await gotoPage(page, '/offline/activate');
      // Markup typed by the vendor stays text.
      await expect(page.getByTestId('offline-help').filter({ hasText: 'Northwind Studio' })).toContainText(help);
    } finally {
      await signOutQuietly(page);
      await signIn(page, USERS.admin);
      await setHelp('');
    }
    await signOutQuietly(page);
    await signIn(page, USERS.member);
    await gotoPage(page, '/offline/activate', { axe: false });
    await expect(page.getByTestId('offline-help')).toHaveCount(0);
    await expect(page.getByText('open the application and choose Offline activation')).toBeVisible();
  });

  test('a bad file is refused with its reason, in place when hydrated', async ({ page }) => {
    await signIn(page, USERS.member);
    await gotoPage(page, '/offline/activate');
    const form = page.getByRole('form', { name: 'Offline activation' });
    await form.getByLabel('Or paste the text of the file', { exact: true }).fill('<html>not a request</html>');
    await form.getByRole('button', { name: 'Check the file', exact: true }).click();
    if (!isHydratedRun()) await page.waitForURL((url) => url.searchParams.has('error'));
    await expect(page.getByRole('alert')).toContainText(
      'This is not a Keyport file: the line "-----BEGIN KEYPORT ACTIVATION REQUEST-----" is missing.',
    );
    // The refusal sits with the fields it is about, and they point at it.
    await expect(
      page.getByRole('form', { name: 'Offline activation' }).getByTestId('offline-refusal'),
    ).toBeVisible();
    await expect(form.getByLabel('Or paste the text of the file', { exact: true })).toHaveAttribute(
      'aria-describedby',
      'offline-refusal',
    );
    await expectPageReady(page);

    // A file over the protocol's 64 KiB cap gets the sentence too, not a bare 413.
    await gotoPage(page, '/offline/activate');
    await form.getByLabel('Activation request file', { exact: true }).setInputFiles(path.join(CORPUS, 'too-large.txt'));
    await form.getByRole('button', { name: 'Check the file', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('The file is too large');
  });

  test('a viewer has no link and the page refuses them', async ({ page }) => {
    await signIn(page, USERS.viewer);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Offline', exact: true })).toHaveCount(0);
    await gotoPage(page, '/offline/deactivate');
    await expect(page.getByRole('alert')).toHaveText('You do not have access to this page.');
    await expect(page.getByRole('form', { name: 'Offline deactivation' })).toHaveCount(0);
  });
});
