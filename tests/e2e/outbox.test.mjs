// The outbox in headless Chromium with the network cut (the browser's offline mode): a
// housekeeper works a task and files another off the network, through a reload and a
// browser restart, and each write reaches the server once, in order, when the network
// is back; two tablets take the same task off the network, and the one that comes
// second sees its refusal on the task beside what the server has; a quiz answered
// and handed in off the network is graded when the network is back; and switching user
// off the network shows nothing of the person before, whose writes wait for them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  BASE,
  assignQuiz,
  call,
  fileTaskByApi,
  launch,
  launchProfile,
  newPage,
  signInWithPassword,
  unexpected,
  untilKeptOffline,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** `employeeNo` signed in with the password on a fresh browser context, on My tasks. */
async function signedIn(employeeNo) {
  const session = await newPage(browser);
  await session.page.goto(`${BASE}/signin`);
  await signInWithPassword(session.page, employeeNo);
  await session.page.waitForURL('**/tasks');
  return session;
}

/** Closes a browser kept on `profile` and removes the profile, whether its test passed or not. */
async function closeProfile(context, profile) {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}

/** Script errors other than the ones a cut network causes. */
function scriptErrors(errors) {
  return unexpected(errors).filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to fetch|net::/.test(e));
}


test('a housekeeper works a task and files another off the network, through a reload and a restart; each write arrives once, in order', async (t) => {
  const profile = await mkdtemp(join(tmpdir(), 'bellhop-outbox-'));
  let { context, page, errors } = await launchProfile(profile);
  t.after(() => closeProfile(context, profile));
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'H202');
  await page.waitForURL('**/tasks');
  await untilKeptOffline(page);
  const me = (await call(page, 'GET', '/session')).json.user;
  // A check-out inspection in housekeeping's pool, with its three checklist items.
  const filed = await fileTaskByApi(page, { type: 'inspection', room: '1105', title: 'Outbox inspection', priority: 3 });
  const id = filed.id;
  await page.goto(`${BASE}/tasks/${id}`);
  await page.locator('.actions [data-action=accept]').waitFor();

  await context.setOffline(true);
  await page.locator('.actions [data-action=accept]').click();
  await page.locator('.task-head [data-status=accepted]').waitFor();
  await page.locator('.actions [data-action=start]').click();
  await page.locator('.task-head [data-status=in_progress]').waitFor();
  for (let i = 0; i < 3; i += 1) {
    await page.locator(`.check-item[data-position="${i}"]`).click();
    await page.locator(`.check-item[data-position="${i}"][aria-checked=true]`).waitFor();
  }
  await page.locator('.actions [data-action=done]').click();
  await page.locator('.task-head [data-status=done]').waitFor();
  await page.locator('.outbox-status[data-waiting="6"]', { hasText: 'Offline · 6 waiting' }).waitFor();

  // A new task, filed off the network: it waits too, after the task's steps.
  await page.locator('.back-link').click();
  await page.waitForURL('**/tasks');
  await page.locator('a[href="/tasks/new"]').first().click();
  await page.waitForURL('**/tasks/new');
  await page.locator('[data-type=room_request]').click();
  await page.locator('#f-room').fill('1106');
  await page.locator('[data-priority="3"]').click();
  await page.locator('#f-title').fill('Offline towels');
  await page.locator('form.new-task button[type=submit]').click();
  await page.waitForURL(/\/tasks$/);
  await page.locator('.outbox-status[data-waiting="7"]').waitFor();

  // A reload, then the browser restarts on the same profile, still off the network.
  await page.reload();
  await page.getByRole('heading', { name: 'No network' }).waitFor();
  await context.close();
  ({ context, page, errors } = await launchProfile(profile));
  await context.setOffline(true);
  await page.goto(`${BASE}/tasks`).catch(() => {});
  await page.getByRole('heading', { name: 'No network' }).waitFor();

  // The network is back: the tablet goes on (signing in again if the browser dropped
  // the session), and the outbox sends everything.
  await context.setOffline(false);
  const signIn = page.locator('#f-employee_no');
  await page.locator('#f-employee_no, .topbar').first().waitFor({ timeout: 30_000 });
  if (await signIn.isVisible()) {
    await signInWithPassword(page, 'H202');
    await page.waitForURL('**/tasks');
  }
  await page.locator('.outbox-status.sent', { hasText: 'All sent' }).waitFor({ timeout: 30_000 });

  const task = (await call(page, 'GET', `/tasks/${id}`)).json;
  assert.equal(task.status, 'done');
  assert.equal(task.assignee_id, me.id);
  assert.deepEqual(
    task.history.map((e) => e.kind),
    ['created', 'accept', 'start', 'checklist', 'checklist', 'checklist', 'done'],
    'each step once, in the order made',
  );
  assert.ok(task.checklist.every((item) => item.done));
  const board = (await call(page, 'GET', `/tasks/board?department_id=${me.department_id}`)).json;
  const towels = board.filter((t) => t.title === 'Offline towels');
  assert.equal(towels.length, 1, 'the new task once');
  const doneAt = Date.parse(task.history.at(-1).at);
  assert.ok(Date.parse(towels[0].created_at) >= doneAt, 'filed after the task was done, as on the tablet');
  assert.deepEqual(scriptErrors(errors), []);
});

test('two tablets take one task off the network: one wins, the other sees its refusal on the task', async (t) => {
  const first = await signedIn('H201');
  // Winnie Kwok reads English.
  const second = await signedIn('H202');
  t.after(() => Promise.all([first.context.close(), second.context.close()]));
  const filed = await fileTaskByApi(first.page, { type: 'room_request', room: '1107', title: 'Two tablets', priority: 3 });
  const id = filed.id;
  for (const { page } of [first, second]) {
    await page.goto(`${BASE}/tasks/${id}`);
    await page.locator('.actions [data-action=accept]').waitFor();
  }
  await first.context.setOffline(true);
  await second.context.setOffline(true);
  for (const { page } of [first, second]) {
    await page.locator('.actions [data-action=accept]').click();
    await page.locator('.task-head [data-status=accepted]').waitFor();
    await page.locator('.outbox-status[data-waiting="1"]').waitFor();
  }

  await first.context.setOffline(false);
  await first.page.locator('.outbox-status.sent').waitFor({ timeout: 30_000 });
  await second.context.setOffline(false);
  const refusal = second.page.locator(`[data-refused="task/${id}"]`);
  await refusal.waitFor({ timeout: 30_000 });
  assert.match(await refusal.innerText(), /“Accept” was not made: .*/);
  // The task shows what the server has: Fong Leung (H201) holds it.
  await second.page.locator('.facts', { hasText: 'Fong Leung' }).waitFor();
  const task = (await call(second.page, 'GET', `/tasks/${id}`)).json;
  assert.equal(task.assignee_name, 'Fong Leung');
  assert.equal(task.history.filter((e) => e.kind === 'accept').length, 1);

  // Kept until seen, through a reload.
  await second.page.reload();
  await refusal.waitFor();
  await refusal.getByRole('button', { name: 'Seen' }).click();
  await refusal.waitFor({ state: 'detached' });
  await second.page.reload();
  await second.page.locator('.task-head').waitFor();
  assert.equal(await refusal.count(), 0, 'gone once seen');
  for (const { errors } of [first, second]) assert.deepEqual(scriptErrors(errors), []);
});

test('a quiz answered and handed in off the network is graded when the network is back', async (t) => {
  const employee = await signedIn('E302');
  const { page, context, errors } = employee;
  t.after(() => context.close());
  const me = (await call(page, 'GET', '/session')).json.user;
  const manager = await signedIn('M001');
  t.after(() => manager.context.close());
  const quizzes = (await call(manager.page, 'GET', '/training/quizzes?limit=200')).json.items;
  const quiz = quizzes.find((q) => !q.time_limit_mins) ?? quizzes[0];
  await assignQuiz(manager.page, quiz.id, me.id);
  await manager.context.close();

  await page.locator('a[href="/training"]').first().click();
  await page.locator('.training-item', { hasText: quiz.title }).locator('.start-quiz').click();
  await page.waitForURL(/\/training\/attempts\/[0-9a-f-]{36}$/);
  const attemptId = page.url().split('/').pop();
  await page.locator('.question-card[data-position="0"]').waitFor();
  const total = quiz.selection.question_ids.length;

  await context.setOffline(true);
  for (let n = 0; n < total; n += 1) {
    await page.locator(`.question-card[data-position="${n}"]`).waitFor();
    await giveAnyAnswer(page);
    if (n + 1 < total) await page.locator('.nav-next').click();
  }
  await page.locator('.hand-in').click();
  await page.locator('.confirm-yes:not([disabled])').click();
  await page.locator('[data-state=handed-in]').waitFor();
  await page.locator('.outbox-status', { hasText: 'Offline' }).waitFor();

  await context.setOffline(false);
  await page.locator('.result-card').waitFor({ timeout: 30_000 });
  const attempt = (await call(page, 'GET', `/training/attempts/${attemptId}`)).json;
  assert.ok(attempt.result, 'graded');
  assert.equal(attempt.questions.filter((q) => q.response).length, total, 'every answer arrived');
  assert.deepEqual(scriptErrors(errors), []);
});

/** Gives some answer to the question on screen (right or wrong does not matter here). */
async function giveAnyAnswer(page) {
  const numeric = page.locator('#f-numeric-answer');
  if (await numeric.count()) {
    await numeric.fill('1');
    await numeric.press('Enter');
  } else if (await page.locator('.keep-order').count()) {
    await page.locator('.keep-order').click();
  } else {
    await page.locator('.answers .answer').first().click();
  }
  // Handed to the outbox: kept on the tablet, the page says it is not saved yet.
  await page.locator('.save-state[data-state=failed]').waitFor();
}

test('switching user off the network shows nothing of the person before, whose writes wait for them', async (t) => {
  const profile = await mkdtemp(join(tmpdir(), 'bellhop-outbox-'));
  const { context, page, errors } = await launchProfile(profile);
  t.after(() => closeProfile(context, profile));
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'H202');
  await page.waitForURL('**/tasks');
  await untilKeptOffline(page);
  const winnie = (await call(page, 'GET', '/session')).json.user;
  const filed = await fileTaskByApi(page, { type: 'room_request', room: '1108', title: 'Left for later', priority: 3 });
  await page.goto(`${BASE}/tasks/${filed.id}`);
  await page.locator('.actions [data-action=accept]').waitFor();

  await context.setOffline(true);
  await page.locator('.actions [data-action=accept]').click();
  await page.locator('.outbox-status[data-waiting="1"]').waitFor();
  // Switching user with a write waiting: the count, and the choice to wait.
  await page.locator('[data-testid=switch-user]').click();
  const guard = page.locator('.leave-guard');
  await guard.getByText('1 changes are not sent yet').waitFor();
  await guard.locator('[data-testid=leave-anyway]').click();
  await page.locator('#f-employee_no').waitFor({ timeout: 30_000 });
  const body = await page.locator('body').innerText();
  for (const secret of [winnie.display_name, winnie.employee_no, 'Left for later']) {
    assert.ok(!body.includes(secret), `the sign-in screen shows nothing of ${secret}`);
  }
  // Her write stays on the tablet, and nothing else of her: no kept reads.
  const kept = await page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('bellhop');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = (store) =>
      new Promise((resolve) => {
        const request = db.transaction(store).objectStore(store).getAllKeys();
        request.onsuccess = () => resolve(request.result);
      });
    const result = { outbox: await all('outbox'), reads: await all('reads') };
    db.close();
    return result;
  });
  assert.equal(kept.outbox.length, 1);
  assert.ok(kept.outbox[0].startsWith(`${winnie.id}/`), 'kept under her id');
  assert.deepEqual(kept.reads, []);

  // The network is back and a colleague signs in: nothing of Winnie's, and her write waits.
  await context.setOffline(false);
  await signInWithPassword(page, 'H201');
  await page.waitForURL('**/tasks');
  await page.locator('.topbar').getByText('Fong Leung').waitFor();
  await page.locator('.task-list, .empty').first().waitFor();
  assert.equal(await page.locator('.outbox-status').count(), 0, 'no count of anyone else’s writes');
  assert.ok(!(await page.locator('body').innerText()).includes(winnie.display_name));
  assert.equal((await call(page, 'GET', `/tasks/${filed.id}`)).json.status, 'new', 'her write is not sent as him');

  // Winnie signs in here again: her write goes out as hers.
  await page.locator('[data-testid=switch-user]').click();
  await page.locator('#f-employee_no').waitFor();
  await signInWithPassword(page, 'H202');
  await page.waitForURL('**/tasks');
  await page.waitForFunction(
    async (id) => (await (await fetch(`/api/tasks/${id}`)).json()).status === 'accepted',
    filed.id,
    { polling: 500, timeout: 30_000 },
  );
  const task = (await call(page, 'GET', `/tasks/${filed.id}`)).json;
  assert.equal(task.assignee_id, winnie.id);
  assert.deepEqual(scriptErrors(errors), []);
});

