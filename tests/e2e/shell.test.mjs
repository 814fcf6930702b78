// The app shell in headless Chromium against a running server (BELLHOP_E2E_URL) with
// the freshly seeded demo hotel: a shared tablet's day — enroll, PIN sign-in, moving
// around, switching user, signing out — and nothing of anyone left behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  BASE,
  TABLET,
  PHONE,
  launch,
  newPage,
  enrollTablet,
  signInWithPin,
  signInWithPassword,
  currentSession,
  browserStorage,
  fileTaskByApi,
  smallTargets,
} from './helpers.mjs';

let browser;
/** Cookies of a browser enrolled as the demo tablet, shared by the tablet tests. */
let tabletState;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Asserts that nothing the browser keeps holds any of `secrets`. */
async function assertNothingStored(page, secrets) {
  const stored = await browserStorage(page);
  assert.deepEqual(Object.keys(stored.local).filter((k) => k !== 'bellhop.lang'), [], 'localStorage keys');
  assert.deepEqual(stored.session, {}, 'sessionStorage');
  assert.deepEqual(stored.indexedDB, [], 'IndexedDB databases');
  // The service worker keeps the build's files, the same for everyone; nothing else.
  for (const [name, paths] of Object.entries(stored.caches)) {
    assert.match(name, /^workbox-precache-v2-/, 'Cache Storage holds only the app itself');
    assert.deepEqual(paths.filter((p) => p.startsWith('/api/')), [], `${name} keeps no answer of the API`);
  }
  const text = JSON.stringify(stored);
  for (const secret of secrets) assert.ok(!text.includes(secret), `browser storage holds ${secret}`);
}

/** Asserts that neither the page's text nor its form fields show any of `secrets`. */
async function assertNotOnScreen(page, secrets) {
  const screen = await page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea, select')].map((el) => el.value);
    return `${document.body.innerText}\n${values.join('\n')}\n${document.title}`;
  });
  for (const secret of secrets) assert.ok(!screen.includes(secret), `the screen still shows ${secret}`);
}

test('a shared tablet: enroll, PIN sign-in, navigate, switch user, sign out, nothing left', async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET });

  await enrollTablet(page);
  tabletState = await context.storageState();

  // Sign in as H201 with the on-screen keypad.
  await signInWithPin(page, 'H201');
  await page.waitForURL('**/tasks');
  const first = (await currentSession(page)).user;
  assert.equal(first.employee_no, 'H201');
  await page.locator('.topbar').getByText(first.display_name).waitFor();

  // H201 may prefer Chinese; the rest of the walk is in English.
  await page.locator('.btn-account').click();
  await page.locator('.menu').getByRole('button', { name: 'English' }).click();
  await page.locator('.menu').getByText('Sign out').waitFor();
  await page.locator('.backdrop').click({ position: { x: 10, y: 400 } });

  const nav = page.locator('nav.navbar');
  for (const [name, path] of [
    ['Audits', '/audits'],
    ['Training', '/training'],
    ['Service Star', '/star'],
    ['Tasks', '/tasks'],
  ]) {
    await nav.getByRole('link', { name }).click();
    await page.waitForURL(`**${path}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.equal(await nav.getByRole('link', { name }).getAttribute('aria-current'), 'page');
  }
  // Floor staff have no admin entry.
  assert.equal(await nav.getByRole('link', { name: 'Admin' }).count(), 0);

  // Switch user: one tap, and the sign-in form is ready for the next person.
  let taps = 0;
  await page.locator('[data-testid=switch-user]').click();
  taps += 1;
  await page.locator('#f-employee_no').waitFor();
  assert.ok(taps <= 3);
  assert.ok(await page.locator('#f-employee_no').evaluate((el) => el === document.activeElement), 'employee number focused');
  assert.equal((await currentSession(page)).status, 401, 'the old session ended on the server');
  await assertNotOnScreen(page, [first.display_name, first.employee_no]);

  await signInWithPin(page, 'F101');
  await page.waitForURL('**/tasks');
  const second = (await currentSession(page)).user;
  assert.equal(second.employee_no, 'F101');
  await page.locator('.topbar').getByText(second.display_name).waitFor();
  await assertNotOnScreen(page, [first.display_name, first.employee_no]);

  // Sign out from the account menu (two taps).
  await page.locator('.btn-account').click();
  await page.locator('[data-testid=sign-out]').click();
  await page.locator('#f-employee_no').waitFor();
  assert.equal((await currentSession(page)).status, 401, 'signed out on the server');

  const secrets = [first.display_name, first.employee_no, second.display_name, second.employee_no, first.id, second.id];
  await assertNotOnScreen(page, secrets);
  await assertNothingStored(page, secrets);
  // Still nothing after a reload (no person data came back from anywhere).
  await page.reload();
  await page.locator('#f-employee_no').waitFor();
  await assertNotOnScreen(page, secrets);
  await assertNothingStored(page, secrets);

  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), [], 'no script errors');
  await context.close();
});

test('a wrong PIN is explained, and five of them lock the account with the minutes to wait', async () => {
  assert.ok(tabletState, 'needs the enrolled tablet of the first test');
  const { context, page } = await newPage(browser, { viewport: TABLET, storageState: tabletState });
  await page.goto(`${BASE}/signin`);
  await page.locator('.pad').waitFor();

  await signInWithPin(page, 'E302', '9999');
  await page.getByRole('alert').getByText('Employee number or secret is wrong.').waitFor();
  for (let i = 0; i < 5; i += 1) {
    // Listen before tapping: a quick answer must not slip past the wait.
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
    await signInWithPin(page, 'E302', '9999');
    await answered;
  }
  await page.getByRole('alert').getByText(/locked\. Try again in \d+ min/).waitFor();

  // One person's lock never blocks a colleague on the same tablet.
  await signInWithPin(page, 'E301');
  await page.waitForURL('**/tasks');
  await context.close();
});

test('the sign-in screen switches language, and remembers only that', async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await page.goto(`${BASE}/signin`);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

  await page.getByRole('button', { name: '繁體中文' }).click();
  await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
  assert.equal(await page.locator('label[for=f-employee_no]').innerText(), '員工編號');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hant');

  await page.getByRole('button', { name: '简体中文' }).click();
  await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('bellhop.lang')), 'zh-Hans');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  await assertNothingStored(page, []);
  await context.close();
});

test('the browser language decides the first screen', async () => {
  const { context, page } = await newPage(browser, { locale: 'zh-TW' });
  await page.goto(`${BASE}/signin`);
  await page.getByRole('heading', { level: 1, name: '登入' }).waitFor();
  await context.close();
});

test('a deep link loads the app and survives sign-in', async () => {
  // A task to link to, filed by a colleague elsewhere.
  const desk = await newPage(browser, { viewport: TABLET });
  await desk.page.goto(`${BASE}/signin`);
  await signInWithPassword(desk.page, 'F101');
  await desk.page.waitForURL('**/tasks');
  const task = await fileTaskByApi(desk.page, { type: 'room_request', room: '1001', title: 'Deep-linked pillows', priority: 3 });
  await desk.context.close();

  const { context, page } = await newPage(browser, { viewport: TABLET });
  const response = await page.goto(`${BASE}/tasks/${task.id}`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'] ?? '', /text\/html/);
  // No session yet: sign in (a desk browser, so with a password) and land on the task.
  await page.locator('#f-password').waitFor();
  await signInWithPassword(page, 'M001');
  await page.waitForURL(`**/tasks/${task.id}`);
  await page.locator('.task-head h1', { hasText: 'Deep-linked pillows' }).waitFor();
  await context.close();
});

test('the session ends on the server: the next call returns the screen to sign-in', async () => {
  const { context, page } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'S201');
  await page.waitForURL('**/tasks');
  await page.locator('.btn-account').waitFor();
  const name = (await currentSession(page)).user.display_name;
  // End the session behind the app's back, then act in the app.
  await page.evaluate(() => fetch('/api/session', { method: 'DELETE', headers: { 'X-Requested-With': 'bellhop' } }));
  await page.locator('.btn-account').click();
  // The call's refusal takes the page to sign-in at once, which may detach the button
  // before the click has finished: the sign-in page arriving is what counts.
  await Promise.all([
    page.waitForURL('**/signin?notice=ended'),
    page.locator('.menu').getByRole('button', { name: '简体中文' }).click({ noWaitAfter: true }).catch(() => {}),
  ]);
  await page.locator('#f-employee_no').waitFor();
  await page.getByText('Your session has ended. Please sign in again.').waitFor();
  await assertNotOnScreen(page, [name]);
  await context.close();
});

test('idle lock: no input for the idle timeout signs out', async () => {
  const { context, page } = await newPage(browser, { viewport: TABLET });
  await page.clock.install();
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'U001');
  await page.waitForURL('**/tasks');
  await page.locator('.btn-account').waitFor();
  const { idle_timeout_secs: idle, user } = await currentSession(page);
  await page.clock.fastForward((idle + 5) * 1000);
  await page.locator('#f-employee_no').waitFor();
  await page.getByText('Signed out after a time without activity.').waitFor();
  await assertNotOnScreen(page, [user.display_name]);
  assert.equal((await currentSession(page)).status, 401, 'the idle lock ended the server session');
  await context.close();
});

test('touch targets are at least 44×44 px on a phone and a tablet', async () => {
  assert.ok(tabletState, 'needs the enrolled tablet of the first test');
  for (const viewport of [PHONE, TABLET]) {
    const { context, page } = await newPage(browser, { viewport, storageState: tabletState });
    await page.goto(`${BASE}/signin`);
    await page.locator('.pad').waitFor();
    assert.deepEqual(await smallTargets(page), [], `sign-in at ${viewport.width} px`);
    await signInWithPin(page, 'B401');
    await page.waitForURL('**/tasks');
    assert.deepEqual(await smallTargets(page), [], `shell at ${viewport.width} px`);
    await page.locator('.btn-account').click();
    assert.deepEqual(await smallTargets(page), [], `account menu at ${viewport.width} px`);
    await context.close();
  }
});

test('admin pages: staff list with paging, a new account, a tablet code', async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'A001');
  await page.waitForURL('**/tasks');
  await page.locator('nav.navbar').getByRole('link', { name: 'Admin' }).click();
  await page.waitForURL('**/admin');
  // The admin index offers every admin page.
  for (const name of ['Hotel', 'Departments', 'Rooms', 'Staff', 'Tablets', 'Change log']) {
    await page.locator('.admin-links').getByRole('link', { name: new RegExp(`^${name}`) }).waitFor();
  }
  await page.locator('.admin-links').getByRole('link', { name: /^Staff/ }).click();
  await page.waitForURL('**/admin/staff');
  await page.locator('.rows li[data-employee="H201"]').waitFor();
  await page.getByText(/^1–\d+ of \d+$/).waitFor();

  // Validation before sending, in the person's language.
  await page.getByRole('button', { name: 'Add staff' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Give a PIN or a password.').waitFor();

  await page.locator('#f-employee_no').fill('H299');
  await page.locator('#f-display_name').fill('Test Person');
  await page.locator('#f-department').selectOption({ label: 'Housekeeping' });
  await page.locator('#f-pin').fill('12');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Enter 4 to 6 digits.').waitFor();
  await page.locator('#f-pin').fill('2468');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Test Person was added.').waitFor();

  // A duplicate employee number is the server's refusal, shown in words.
  await page.getByRole('button', { name: 'Add staff' }).click();
  await page.locator('#f-employee_no').fill('H299');
  await page.locator('#f-display_name').fill('Someone Else');
  await page.locator('#f-password').fill('long-enough-1');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').first().waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('link', { name: 'Tablets' }).first().click();
  await page.waitForURL('**/admin/tablets');
  await page.getByRole('button', { name: 'Add a tablet' }).click();
  await page.locator('#f-device_name').fill('Housekeeping office');
  await page.getByRole('button', { name: 'Create enrollment code' }).click();
  const code = await page.locator('[data-testid=enroll-code]').innerText();
  assert.match(code, /\S{4,}/);

  assert.deepEqual(errors.filter((e) => !/status of (401|409|422)/.test(e)), [], 'no script errors');
  await context.close();
});
