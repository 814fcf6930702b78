// Task lists in headless Chromium against a running server with the freshly seeded demo
// hotel: a work order travelling live between two tablets, a check-out inspection's
// checklist, and the supervisors' report. Each test files the tasks it needs (rooms of
// its own), so it depends on no other test or file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  BASE,
  TABLET,
  launch,
  newPage,
  enrollTablet,
  signInWithPin,
  signInWithPassword,
  fileTaskByApi,
  unexpected,
} from './helpers.mjs';

let browser;
/** Cookies of a browser enrolled as the demo tablet. */
let tabletState;

before(async () => {
  browser = await launch();
  const { context, page } = await newPage(browser, { viewport: TABLET });
  await enrollTablet(page);
  tabletState = await context.storageState();
  await context.close();
});
after(async () => {
  await browser?.close();
});

/** A tablet with `employeeNo` signed in by PIN, on My tasks with the live stream open. */
async function tabletSignedIn(employeeNo) {
  const session = await newPage(browser, { viewport: TABLET, storageState: tabletState });
  const { page } = session;
  await page.goto(`${BASE}/signin`);
  await page.locator('.pad').waitFor();
  // Signed in, with the live stream open.
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/events')),
    signInWithPin(page, employeeNo).then(() => page.waitForURL('**/tasks')),
  ]);
  await page.locator('.task-list, .empty').first().waitFor();
  return session;
}

/** Files a task with the New task form and returns its id (from the detail's address). */
async function fileTask(page, { type, room, priority, title }) {
  await page.locator('a[href="/tasks/new"]').first().click();
  await page.waitForURL('**/tasks/new');
  await page.locator(`[data-type=${type}]`).click();
  await page.locator('#f-room').fill(room);
  await page.locator(`[data-priority="${priority}"]`).click();
  if (title) await page.locator('#f-title').fill(title);
  await page.locator('form.new-task button[type=submit]').click();
  await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop();
}

test('an urgent repair travels live: front desk files, engineering works it, the desk verifies', async () => {
  const desk = await tabletSignedIn('F101');
  const eng = await tabletSignedIn('E301');
  // Anything that reloads the engineering page would drop this mark.
  await eng.page.evaluate(() => {
    window.__notReloaded = true;
  });

  // "Room 1208, urgent, no hot water" in a handful of taps.
  const started = Date.now();
  const id = await fileTask(desk.page, { type: 'repair', room: '1208', priority: 1, title: 'No hot water' });
  assert.ok(Date.now() - started < 20_000, 'filed in under 20 s');
  await desk.page.getByRole('heading', { level: 1, name: 'No hot water' }).waitFor();
  await desk.page.locator('.task-head').getByText('Room 1208').waitFor();

  // Engineering sees it within 2 s, without a reload, with the urgent cue.
  const card = eng.page.locator(`.task-card[data-task="${id}"]`);
  await card.waitFor({ timeout: 2_000 });
  // E301 reads the app in Traditional Chinese.
  await eng.page.locator('.urgent-banner').getByText('新緊急任務：1208 號房').waitFor({ timeout: 2_000 });
  assert.equal(await card.getAttribute('data-room'), '1208');
  assert.ok(await card.evaluate((el) => el.classList.contains('urgent')), 'the card is marked urgent');
  assert.match(await card.locator('.task-due').innerText(), /^1[45] 分鐘內接單$/, 'the 15-minute response clock');
  assert.equal(await eng.page.evaluate(() => window.__notReloaded), true, 'no page reload');

  // One tap per step on the card; once accepted, nothing is left to announce.
  await card.locator('[data-action=accept]').click();
  await eng.page.locator('.urgent-banner').waitFor({ state: 'detached', timeout: 3_000 });
  await card.locator('[data-action=start]').click();
  await card.locator('[data-action=done]').click();
  // Done work leaves the engineer's list; it waits for the requester.
  await card.waitFor({ state: 'detached' });

  // The front desk's open detail page follows live and offers Verify.
  await desk.page.locator('.task-head [data-status=done]').waitFor({ timeout: 3_000 });
  await desk.page.locator('.actions [data-action=verify]').click();
  await desk.page.locator('.task-head [data-status=verified]').waitFor();
  const history = await desk.page.locator('.history').innerText();
  for (const step of ['Accept', 'Start', 'Done', 'Verify', 'Filed']) assert.ok(history.includes(step), `history has ${step}`);

  assert.deepEqual(unexpected(desk.errors), [], 'no script errors at the desk');
  assert.deepEqual(unexpected(eng.errors), [], 'no script errors in engineering');
  await desk.context.close();
  await eng.context.close();
});

test('after a network drop the tablet catches up by itself', async () => {
  // (Not E302: the shell tests lock that account on purpose.)
  const eng = await tabletSignedIn('E301');
  const desk = await newPage(browser, { viewport: TABLET });
  await desk.page.goto(`${BASE}/signin`);
  await signInWithPassword(desk.page, 'S101');
  await desk.page.waitForURL('**/tasks');

  await eng.context.setOffline(true);
  const id = await fileTask(desk.page, { type: 'repair', room: '1101', priority: 3, title: 'Dripping tap' });
  const card = eng.page.locator(`.task-card[data-task="${id}"]`);
  assert.equal(await card.count(), 0, 'nothing arrives while offline');
  await eng.context.setOffline(false);
  // The browser retries the stream a few seconds later; the app then reloads its list.
  await card.waitFor({ timeout: 15_000 });

  await desk.context.close();
  await eng.context.close();
});

test('a step on a stale screen: the page says someone was first, and shows the latest', async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'S201');
  await page.waitForURL('**/tasks');
  const id = await fileTask(page, { type: 'room_request', room: '1001', priority: 3, title: 'Extra pillows' });
  await page.locator('.actions [data-action=accept]').waitFor();

  // Hold this page's reloads, then accept the task elsewhere (version 1 is what it shows).
  const held = [];
  await page.route(`**/api/tasks/${id}`, (route) => held.push(route));
  await page.evaluate(async (taskId) => {
    const headers = { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' };
    const body = JSON.stringify({ version: 1, action: 'accept' });
    await fetch(`/api/tasks/${taskId}/actions`, { method: 'POST', headers, body });
  }, id);

  await page.locator('.actions [data-action=accept]').click();
  await page.locator('.toast-area .notice-info').waitFor();
  for (const route of held) await route.continue();
  await page.unroute(`**/api/tasks/${id}`);
  await page.locator('.task-head [data-status=accepted]').waitFor();

  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('a housekeeper completes a check-out inspection: Done waits for all three ticks', async () => {
  // The front desk files the inspection for housekeeping's pool.
  const desk = await newPage(browser, { viewport: TABLET });
  await desk.page.goto(`${BASE}/signin`);
  await signInWithPassword(desk.page, 'F102');
  await desk.page.waitForURL('**/tasks');
  const id = await fileTask(desk.page, { type: 'inspection', room: '905', priority: 2 });
  await desk.context.close();

  const { context, page, errors } = await tabletSignedIn('H201');
  const card = page.locator(`.task-card[data-task="${id}"]`);
  await card.locator('[data-action=accept]').click();
  await card.locator('[data-action=start]').click();
  // Done on a card whose checklist is not ticked opens the task instead.
  await card.locator('[data-action=done]').click();
  await page.waitForURL(`**/tasks/${id}`);

  const items = page.locator('.checklist .check-item');
  await items.nth(2).waitFor();
  assert.equal(await items.count(), 3);
  await page.locator('.actions [data-action=done]').click();
  await page.locator('.toast-area [role=alert]').waitFor();
  await page.locator('.check-item.missing').nth(2).waitFor();
  assert.equal(await page.locator('.check-item.missing').count(), 3, 'the three open items are marked');
  assert.equal(await page.locator('.task-head [data-status=in_progress]').count(), 1, 'still in progress');

  for (let i = 0; i < 3; i += 1) {
    await items.nth(i).click();
    await page.locator(`.check-item[data-position="${i}"][aria-checked=true]`).waitFor();
  }
  await page.locator('.actions [data-action=done]').click();
  await page.locator('.task-head [data-status=done]').waitFor();
  const history = await page.locator('.history').innerText();
  // Filed, accepted, started, three ticks, done: the refused "done" left no trace.
  assert.equal(await page.locator('.history li').count(), 7);

  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('the board writes what people typed as text, and its countdowns turn late as time passes', async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET });
  await page.clock.install();
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'S201');
  await page.waitForURL('**/tasks');
  const title = `<img src=x onerror="window.pwned = 1"> Towels & "soap" for 'the' guest`;
  const task = await fileTaskByApi(page, { type: 'cleaning', room: '1210', title, priority: 1 });
  const respondIn = Date.parse(task.deadlines.respond_by) - Date.now();
  assert.ok(respondIn > 0 && respondIn < 25 * 60_000, 'an urgent cleaning is answered within minutes');

  await page.locator('a[href="/tasks/board"]').click();
  const card = page.locator(`.task-card[data-task="${task.id}"]`);
  await card.waitFor();
  assert.equal(await card.locator('.task-title').innerText(), title, 'the title reads as typed');
  assert.equal(await card.locator('img').count(), 0, 'no element came out of the title');
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'no script ran');
  const due = card.locator('.task-due');
  const before = await due.innerText();
  assert.ok(!(await card.evaluate((el) => el.classList.contains('late'))), 'on time when filed');

  // A filter asks the server again: another type hides the card, all types bring it back.
  const repair = await page.evaluate(async () => (await (await fetch('/api/task-types')).json()).find((t) => t.code === 'repair').id);
  await page.locator('#f-board-type').selectOption(repair);
  await card.waitFor({ state: 'detached' });
  await page.locator('#f-board-type').selectOption('');
  await card.waitFor();

  // Past the response deadline, the next tick of the countdowns marks the card late.
  await page.clock.setSystemTime(Date.now() + respondIn + 60_000);
  await page.clock.runFor(31_000);
  await page.locator(`.task-card.late[data-task="${task.id}"] .task-due.late`).waitFor();
  assert.notEqual(await due.innerText(), before, 'the countdown now says how late');

  // The card's link still opens the task, within the app.
  await card.locator('.task-title').click();
  await page.waitForURL(`**/tasks/${task.id}`);
  await page.locator('.task-head h1', { hasText: 'Towels & "soap"' }).waitFor();
  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('a supervisor assigns a task to a colleague by name with one tap', async () => {
  const desk = await newPage(browser, { viewport: TABLET });
  await desk.page.goto(`${BASE}/signin`);
  await signInWithPassword(desk.page, 'F102');
  await desk.page.waitForURL('**/tasks');
  const id = await fileTask(desk.page, { type: 'inspection', room: '906', priority: 3 });
  await desk.context.close();

  const { context, page, errors } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin?next=/tasks/${id}`);
  await signInWithPassword(page, 'S201');
  await page.waitForURL(`**/tasks/${id}`);
  const people = page.locator('.choice-grid.people');
  await people.getByRole('button', { name: 'Winnie Kwok' }).click();
  await page.locator('.facts dd', { hasText: 'Winnie Kwok' }).waitFor();
  // The person now holding it is no longer offered; the others still are.
  await people.getByRole('button', { name: 'Fong Leung' }).waitFor();
  assert.equal(await people.getByRole('button', { name: 'Winnie Kwok' }).count(), 0);
  const task = await page.evaluate(async (taskId) => (await fetch(`/api/tasks/${taskId}`)).json(), id);
  assert.equal(task.assignee_name, 'Winnie Kwok');
  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('the report: a chart for the engineering supervisor, and its CSV', async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'S301');
  await page.waitForURL('**/tasks');
  await page.locator('a[href="/tasks/report"]').click();
  await page.waitForURL('**/tasks/report');
  await page.locator('svg.chart').waitFor();
  assert.equal(await page.locator('svg.chart rect.bar-created').count(), 7, 'a week of days');
  await page.getByRole('button', { name: 'Week' }).click();
  // Eight weeks or so back from today.
  await page.waitForFunction(() => document.querySelectorAll('svg.chart rect.bar-created').length >= 8);

  const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  assert.match(href, /^\/api\/reports\/tasks\.csv\?.*bucket=week/);
  const csv = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  }, href);
  assert.equal(csv.status, 200);
  assert.match(csv.type, /^text\/csv/);
  assert.match(csv.text, /^department,period,created,done/);

  // The board is there for supervisors too, with its five columns.
  await page.locator('a[href="/tasks/board"]').click();
  await page.waitForURL('**/tasks/board');
  await page.locator('.board .column').nth(4).waitFor();
  assert.equal(await page.locator('.board .column').count(), 5);

  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('a manager shortens an urgent repair deadline and adds a task type of the hotel', async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin?next=/tasks/types`);
  await signInWithPassword(page, 'M001');
  await page.waitForURL('**/tasks/types');
  const repair = page.locator('details.task-type[data-type=repair]');
  await repair.locator('summary').click();
  const respond = repair.locator('input[name=respond-1]');
  assert.equal(await respond.inputValue(), '15', 'the default for an urgent repair');
  await respond.fill('10');
  await repair.getByRole('button', { name: 'Save' }).click();
  await repair.getByText('Saved.').waitFor();
  const types = await page.evaluate(async () => (await fetch('/api/task-types')).json());
  assert.deepEqual(types.find((t) => t.code === 'repair').targets[0], { respond_mins: 10, resolve_mins: 25 });

  // A deadline that resolves before it responds is explained, and nothing is saved.
  await repair.locator('input[name=resolve-2]').fill('1');
  await repair.getByRole('button', { name: 'Save' }).click();
  await repair.locator('.field-error').waitFor();

  await page.locator('#f-type_code').fill('minibar');
  await page.locator('#f-type_name').fill('Minibar refill');
  await page.getByRole('button', { name: 'Add type' }).click();
  await page.locator('details.task-type[data-type=minibar]').waitFor();
  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});
