// Organization admins: invitations by email (read from /vendor/outbox), groups by drag and
// drop or by the no-JS form, and groups linked to licenses.
//
// Every mutating test works on people it invites itself (unique emails per project and run)
// and on groups it creates, and puts license links back, so the shared demo data other specs
// read stays as it was.
import {
  test,
  expect,
  USERS,
  gotoPage,
  listLicenses,
  mainHeading,
  signIn,
  signOutQuietly,
  confirmAction,
  destructive,
} from './fixtures';
import type { Page } from '@playwright/test';

const NEW_PASSWORD = 'a-long-new-password';

function unique(prefix: string): string {
  return `${prefix}-${test.info().project.name}-${Date.now().toString(36)}`;
}

/** As the Owner, invites `email` as a Member. */
async function invite(page: Page, email: string, firstName: string): Promise<void> {
  await signIn(page, USERS.owner);
  await gotoPage(page, '/org/users');
  await expect(mainHeading(page)).toHaveText('Users');
  await expect(page.getByTestId('user-usage')).toContainText(/\d+ of 25 users/);
  const form = page.getByRole('form', { name: 'Invite a user' });
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('First name', { exact: true }).fill(firstName);
  await form.getByLabel('Last name', { exact: true }).fill('Invitee');
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitation sent.' })).toBeVisible();
  // The list is a page of 25 by email: find the new user by the search.
  await searchUsers(page, email);
  await expect(page.getByRole('cell', { name: email, exact: true })).toBeVisible();
}

/** On /org/users, searches for `q` with the search form (a GET form: both runs). */
async function searchUsers(page: Page, q: string): Promise<void> {
  const search = page.getByRole('search');
  await search.getByLabel('Search by name or email').fill(q);
  await search.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL((url) => url.searchParams.get('q') === q);
}

/** On a groups page, finds people with the "Find people" search. */
async function findPeople(page: Page, q: string): Promise<void> {
  const search = page.getByRole('search', { name: 'Find people' });
  await search.getByLabel('Find people').fill(q);
  await search.getByRole('button', { name: 'Find' }).click();
  await page.waitForURL((url) => url.searchParams.get('people') === q);
}

/** As vendor staff, reads the invitation link to `email` from the outbox (path only). */
async function invitationPath(page: Page, email: string): Promise<string> {
  await signOutQuietly(page);
  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/outbox');
  const body = await page.getByTestId(`mail-${email}`).locator('pre').innerText();
  const match = body.match(/https?:\/\/[^\s]+(\/invitation\/[A-Za-z0-9_-]+)/);
  expect(match, `an invitation link in: ${body}`).not.toBeNull();
  return match![1];
}

/** The invitee sets a password and signs in. */
async function accept(page: Page, path: string, email: string): Promise<void> {
  await signOutQuietly(page);
  await gotoPage(page, path);
  await expect(mainHeading(page)).toHaveText('Set your password');
  await expect(page.getByText(email)).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await signIn(page, email, NEW_PASSWORD);
}

/** As the Owner, creates a group; lands on the group's own page, whose path it returns. */
async function createGroup(page: Page, name: string): Promise<string> {
  await gotoPage(page, '/org/groups');
  const form = page.getByRole('form', { name: 'Create a group' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Group created.' })).toBeVisible();
  // The group's own section (hydrated, the drag-and-drop board names it too).
  await expect(
    page.getByTestId(`group-${name}`).getByRole('heading', { name, exact: true }),
  ).toBeVisible();
  return new URL(page.url()).pathname;
}

test.describe('organization admin', () => {
  // Each test signs in several people (every page load runs an axe audit): give them room.
  test.slow();

  test('an invited user sets a password from the emailed link and signs in', async ({ page }) => {
    const email = `${unique('invitee')}@acme.example`;
    await invite(page, email, 'Ines');
    await gotoPage(page, '/org/activity?action=user.invite');
    await expect(mainHeading(page)).toHaveText('Activity');
    await expect(page.getByRole('cell', { name: 'user.invite', exact: true }).first()).toBeVisible();
    const path = await invitationPath(page, email);
    await accept(page, path, email);
    await expect(mainHeading(page)).toHaveText('Your licenses');

    // The link works once.
    await signOutQuietly(page);
    await gotoPage(page, path);
    await expect(page.getByRole('alert')).toContainText('already been used');
  });

  test('an owner puts a user in a group, and it persists', async ({ page }) => {
    const email = `${unique('grouped')}@acme.example`;
    const group = unique('Team');
    const first = `Gus${test.info().project.name.replace('-', '')}`;
    await invite(page, email, first);
    const groupPath = await createGroup(page, group);
    const card = page.getByTestId(`group-${group}`);
    {
      // The "Add to group" form, in both runs (the pointer drag has its own test): the
      // person is found by a search, never picked from the whole organization.
      await findPeople(page, email);
      const form = page.getByRole('form', { name: 'Add to group' });
      await form.getByLabel('Person').selectOption({ label: `${first} Invitee (${email})` });
      await form.getByLabel('Group').selectOption({ label: group });
      await form.getByRole('button', { name: 'Add to group' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Added to the group.' })).toBeVisible();
    }
    await gotoPage(page, groupPath);
    await expect(card.getByRole('listitem').filter({ hasText: `${first} Invitee` })).toBeVisible();
    await expect(card.getByTestId('group-counts')).toHaveText('1 members, 0 licenses');
  });

  test('an owner drags a person onto a group with the pointer, and it persists', async ({
    page,
  }, testInfo) => {
    test.skip(
      testInfo.project.name === 'no-js',
      'drag and drop needs JavaScript; the form test covers no-JS',
    );
    // Tall enough that the people list and every group card fit at once: a native drag that
    // has to scroll the page on its way can be cancelled by Chromium, and by the end of a full
    // run the demo organization holds many people and groups.
    await page.setViewportSize({ width: 1280, height: 3000 });
    const email = `${unique('dragged')}@acme.example`;
    const group = unique('Dropzone');
    await invite(page, email, 'Drew');
    const groupPath = await createGroup(page, group);
    // The board holds the people found and the group's members, not the organization.
    await findPeople(page, email);
    const status = page.getByTestId('dnd-status');
    const zone = page.getByTestId(`dropzone-${group}`);
    await page.getByTestId(`person-${email}`).dragTo(zone);
    await expect(status).toHaveText(`Drew Invitee added to ${group}.`);
    // Exactly the person dragged, nobody next to them.
    await expect(zone.getByRole('listitem')).toHaveCount(1);
    await expect(zone.getByRole('listitem')).toHaveText('Drew Invitee');
    await expect(page.getByRole('alert')).toHaveCount(0);

    await gotoPage(page, `${groupPath}?people=${encodeURIComponent(email)}`, { axe: false });
    const card = page.getByTestId(`group-${group}`);
    await expect(card.getByRole('listitem').filter({ hasText: 'Drew Invitee' })).toBeVisible();

    // Dragging the member back to People takes them out again (and restores the state).
    await page
      .getByTestId(`dropzone-${group}`)
      .getByTestId(`member-${email}`)
      .dragTo(page.getByTestId('dnd-people'));
    await expect(status).toHaveText(`Drew Invitee removed from ${group}.`);
    await gotoPage(page, groupPath, { axe: false });
    await expect(card.getByText('No members yet.')).toBeVisible();
  });

  test('an owner links a group from the license page and unlinks it', async ({ page }) => {
    const group = unique('Linkers');
    await signIn(page, USERS.owner);
    const groupPath = await createGroup(page, group);
    const [first] = await listLicenses(page, () => true);
    expect(first, 'the owner has a license').toBeDefined();
    await gotoPage(page, first.href);
    const linked = page.getByTestId('linked-groups');
    await expect(linked.getByRole('listitem').filter({ hasText: group })).toHaveCount(0);

    const form = page.getByRole('form', { name: 'Link a group' });
    await form.getByLabel('Group', { exact: true }).selectOption({ label: group });
    await form.getByRole('button', { name: 'Link group' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Group linked to the license.' }),
    ).toBeVisible();
    await expect(linked.getByRole('listitem').filter({ hasText: group })).toBeVisible();
    // The group page tells the same story.
    await gotoPage(page, groupPath, { axe: false });
    await expect(
      destructive(page.getByTestId(`group-${group}`), { prefix: 'Unlink ' }),
    ).toHaveCount(1);

    await gotoPage(page, first.href);
    await confirmAction(linked, `Unlink ${group}`);
    await expect(
      page.getByRole('status').filter({ hasText: 'Group unlinked from the license.' }),
    ).toBeVisible();
    await expect(linked.getByRole('listitem').filter({ hasText: group })).toHaveCount(0);
  });

  test('an owner renames a user from the users table', async ({ page }) => {
    const email = `${unique('renamed')}@acme.example`;
    await invite(page, email, 'Rene');
    const row = page.getByRole('row').filter({ hasText: email });
    await row.getByLabel('First name of Rene Invitee').fill('Renata');
    await row.getByLabel('Last name of Rene Invitee').fill('Newname');
    await row.getByRole('button', { name: 'Save name and role of Rene Invitee' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'User saved.' })).toBeVisible();
    await gotoPage(page, `/org/users?q=${encodeURIComponent(email)}`, { axe: false });
    await expect(
      page.getByRole('row').filter({ hasText: email }).getByRole('cell', { name: 'Renata Newname', exact: true }),
    ).toBeVisible();
  });

  test('the keyboard form adds to a group in both runs', async ({ page }) => {
    const email = `${unique('keyboard')}@acme.example`;
    const group = unique('Crew');
    await invite(page, email, 'Kay');
    const groupPath = await createGroup(page, group);
    await findPeople(page, email);
    const form = page.getByRole('form', { name: 'Add to group' });
    await form.getByLabel('Person').selectOption({ label: `Kay Invitee (${email})` });
    await form.getByLabel('Group').selectOption({ label: group });
    await form.getByRole('button', { name: 'Add to group' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Added to the group.' })).toBeVisible();
    await gotoPage(page, groupPath, { axe: false });
    await expect(
      page.getByTestId(`group-${group}`).getByRole('listitem').filter({ hasText: 'Kay Invitee' }),
    ).toBeVisible();
  });

  test('linking a group to a license shows it on the member dashboard', async ({ page }) => {
    const email = `${unique('linked')}@acme.example`;
    const group = unique('Licensed');
    await invite(page, email, 'Lin');
    const path = await invitationPath(page, email);
    await accept(page, path, email);

    await signOutQuietly(page);
    await signIn(page, USERS.owner);
    const groupPath = await createGroup(page, group);
    await findPeople(page, email);
    const add = page.getByRole('form', { name: 'Add to group' });
    await add.getByLabel('Person').selectOption({ label: `Lin Invitee (${email})` });
    await add.getByLabel('Group').selectOption({ label: group });
    await add.getByRole('button', { name: 'Add to group' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added to the group.' })).toBeVisible();
    // The license is found by its key: the owner's first license on /licenses.
    const [mine] = await listLicenses(page, () => true);
    await gotoPage(page, groupPath);
    const find = page.getByRole('search', { name: 'Find licenses' });
    await find.getByLabel('Key starts with').fill(mine.key.slice(0, 14).toLowerCase());
    await find.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL((url) => url.searchParams.has('license'));
    const link = page.getByRole('form', { name: 'Link a license' });
    await link.getByLabel('Group').selectOption({ label: group });
    const license = link.getByLabel('License');
    await expect(license.locator('option')).toHaveCount(1);
    const label = (await license.locator('option').first().innerText()).trim();
    const tail = label.split('·').pop()!.trim();
    expect(mine.key.endsWith(tail)).toBe(true);
    await link.getByRole('button', { name: 'Link license' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'License linked' })).toBeVisible();

    try {
      await signOutQuietly(page);
      await signIn(page, email, NEW_PASSWORD);
      await expect(mainHeading(page)).toHaveText('Your licenses');
      await expect(page.getByRole('link', { name: new RegExp(`${tail}$`) })).toBeVisible();
    } finally {
      await signOutQuietly(page);
      await signIn(page, USERS.owner);
      await gotoPage(page, groupPath, { axe: false });
      const card = page.getByTestId(`group-${group}`);
      const unlink = (await destructive(card, { prefix: 'Unlink ' }).first().getAttribute('aria-label'))!;
      await confirmAction(card, unlink);
      await expect(page.getByRole('status').filter({ hasText: 'License unlinked' })).toBeVisible();
    }
  });

  test('an owner pages through users and searches them', async ({ page }) => {
    await signIn(page, USERS.owner);
    await gotoPage(page, '/org/users');
    const emails = async () =>
      (await page.getByRole('row').allInnerTexts()).filter((t) => t.includes('@'));
    const first = await emails();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(25);
    const next = page.getByRole('navigation', { name: 'Pages of users' }).getByRole('link', {
      name: 'Next page',
    });
    if ((await next.count()) > 0) {
      await next.click();
      await page.waitForURL((url) => url.searchParams.has('after'));
      const second = await emails();
      expect(second.some((row) => first.includes(row))).toBe(false);
      await expect(page.getByRole('link', { name: 'First page' })).toBeVisible();
    }
    await searchUsers(page, 'OWNER@acme');
    await expect(page.getByRole('cell', { name: 'owner@acme.example', exact: true })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'member@acme.example', exact: true })).toHaveCount(0);
  });

  test('members see neither the admin pages nor their links', async ({ page }) => {
    await signIn(page, USERS.member);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Organization' })).toHaveCount(0);
    await gotoPage(page, '/org/users');
    await expect(page.getByRole('alert')).toBeVisible();
  });

  // solo@example.com is an Owner by role but belongs to no organization: the matrix gives
  // Owners the organization's pages, and they used to be linked, only to refuse.
  test('a customer without an organization is offered no organization page', async ({ page }) => {
    await signIn(page, USERS.solo);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Licenses', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Organization', exact: true })).toHaveCount(0);
    // Typed in by hand, each page says why it shows nothing.
    for (const path of ['/org/users', '/org/groups', '/org/activity']) {
      await gotoPage(page, path);
      await expect(page.getByRole('alert'), path).toContainText('You do not have permission');
    }

    await signOutQuietly(page);
    await signIn(page, USERS.owner);
    // The Owner's "Organization" leads to its three pages, as tabs on each.
    await nav.getByRole('link', { name: 'Organization', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Users');
    const tabs = page.getByRole('navigation', { name: 'Organization' });
    for (const name of ['Users', 'Groups', 'Activity']) {
      await expect(tabs.getByRole('link', { name, exact: true }), name).toBeVisible();
    }
    await expect(tabs.getByRole('link', { name: 'Users', exact: true })).toHaveAttribute('aria-current', 'page');
    await tabs.getByRole('link', { name: 'Activity', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Activity');
    await expect(nav.getByRole('link', { name: 'Organization', exact: true })).toHaveAttribute('aria-current', 'true');
  });
});
