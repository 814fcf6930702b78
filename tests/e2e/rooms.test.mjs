// The room board in headless Chromium at tablet size, against a running server with the
// freshly seeded demo hotel: a check-out from the hotel's PMS turns a room dirty on the
// board (live), its attendant cleans it with one tap, housekeeping's supervisor
// inspects it with the 3-step checklist and the front desk sees it ready; and an
// inspection that fails sends the room back to its attendant. Each test takes a room of
// its own from the attendant's list, so it depends on no other test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { BASE, PHONE, TABLET, launch, newPage, signInWithPassword, smallTargets, unexpected } from './helpers.mjs';

let browser;
/** Rooms already taken by a test. */
const taken = new Set();

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A browser (tablet-sized unless said) with `employeeNo` signed in by password. */
async function signedIn(employeeNo, viewport = TABLET) {
  const session = await newPage(browser, { viewport });
  await session.page.goto(`${BASE}/signin`);
  await signInWithPassword(session.page, employeeNo);
  await session.page.waitForURL('**/tasks');
  return session;
}

/** Opens the room board (the Rooms app) with its live stream open. */
async function openBoard(page, query = '') {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/events')),
    page.goto(`${BASE}/rooms${query}`),
  ]);
  await page.locator('.room-board .room-tile').first().waitFor();
}

/** JSON of a request made by the page's own session (cookie and CSRF header). */
function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    { method, path, body },
  );
}

/**
 * A stay-over room on the attendant's list today (occupied, to be serviced, no do not
 * disturb), made clean through the API as the attendant would: the guest's room is done
 * before they check out.
 */
async function serviceARoom(attendant) {
  const mine = await api(attendant, 'GET', '/api/rooms/mine');
  const room = mine.rooms
    .map((r) => r.status)
    .find((s) => s.occupancy === 'occupied' && s.housekeeping === 'dirty' && !s.do_not_disturb && !taken.has(s.number));
  assert.ok(room, 'the attendant has an occupied room to service');
  taken.add(room.number);
  const clean = await api(attendant, 'POST', `/api/rooms/${room.room_id}/status`, { version: room.version, action: 'mark_clean' });
  assert.equal(clean.housekeeping, 'clean');
  return clean;
}

/** A check-out from the hotel's PMS: a token issued by the admin, then the event, as the PMS sends it. */
async function checkOutByPms(room) {
  const admin = await signedIn('A001');
  const issued = await api(admin.page, 'POST', '/api/pms/tokens', { id: crypto.randomUUID(), name: `e2e ${room}` });
  await admin.context.close();
  const response = await fetch(`${BASE}/api/pms/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${issued.secret}` },
    body: JSON.stringify({ event_id: `e2e-out-${room}-${Date.now()}`, type: 'check_out', room }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

const tile = (page, number) => page.locator('.room-tile').filter({ has: page.locator('.room-no', { hasText: new RegExp(`^${number}$`) }) });

test('a PMS check-out turns the room dirty live, the attendant cleans it, the supervisor inspects it, the desk sees it ready', async () => {
  const attendant = await signedIn('H201');
  const room = await serviceARoom(attendant.page);
  await openBoard(attendant.page);
  await attendant.page.evaluate(() => {
    window.__notReloaded = true;
  });
  const mine = tile(attendant.page, room.number);
  await mine.and(attendant.page.locator('[data-state=clean]')).waitFor();

  // The guest checks out at the front desk: the PMS tells Bellhop, the board follows
  // within 2 s without a reload.
  const receipt = await checkOutByPms(room.number);
  assert.equal(receipt.rooms[0].housekeeping, 'dirty');
  await attendant.page.locator(`.room-tile[data-room="${room.room_id}"][data-state=dirty][data-occupancy=departed]`).waitFor({ timeout: 2_000 });
  assert.equal(await attendant.page.evaluate(() => window.__notReloaded), true, 'updated in place');
  // Written, not only coloured: a mark and the state's name (in the person's language).
  assert.match(await mine.locator('.room-state').innerText(), /^● \S/, 'the state is written, not only coloured');

  // One tap: clean.
  await mine.locator('button[data-tap=mark_clean]').click();
  await attendant.page.locator(`.room-tile[data-room="${room.room_id}"][data-state=clean]`).waitFor();
  assert.equal(await mine.locator('button[data-tap=mark_clean]').count(), 0, 'nothing more for the attendant to tap');

  // Housekeeping's supervisor inspects it: the room's inspection task, three ticks, Done.
  const supervisor = await signedIn('S201');
  await openBoard(supervisor.page, '?state=clean');
  const toInspect = tile(supervisor.page, room.number);
  await toInspect.locator('button[data-tap=inspect]').click();
  await supervisor.page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
  const inspection = await api(supervisor.page, 'GET', `/api/tasks/${supervisor.page.url().split('/').pop()}`);
  assert.equal(inspection.type_code, 'inspection');
  assert.equal(inspection.room_number, room.number, "the room's own inspection");
  for (const step of ['accept', 'start']) {
    await supervisor.page.locator(`.actions [data-action=${step}]`).click();
    await supervisor.page.locator(`.actions [data-action=${step}]`).waitFor({ state: 'detached' });
  }
  const items = supervisor.page.locator('.checklist .check-item');
  await items.nth(2).waitFor();
  assert.equal(await items.count(), 3, 'the 3-step inspection');
  for (let i = 0; i < 3; i += 1) {
    await items.nth(i).click();
    await supervisor.page.locator(`.check-item[data-position="${i}"][aria-checked=true]`).waitFor();
  }
  await supervisor.page.locator('.actions [data-action=done]').click();
  await supervisor.page.locator('.task-head [data-status=done]').waitFor();

  // The attendant's board hears it too.
  await attendant.page.locator(`.room-tile[data-room="${room.room_id}"][data-state=inspected]`).waitFor({ timeout: 2_000 });

  // The front desk sees it among the ready rooms.
  const desk = await signedIn('F101');
  await openBoard(desk.page);
  await desk.page.locator('.state-count[data-state=ready]').click();
  await desk.page.waitForURL(/[?&]state=ready/);
  const ready = desk.page.locator(`.room-tile[data-room="${room.room_id}"]`);
  await ready.and(desk.page.locator('[data-ready=true]')).waitFor();
  assert.equal(await ready.locator('.room-flags .pill-ready').count(), 1, 'flagged ready in words');
  // The rooms not ready leave the board once the filtered list is in.
  await desk.page.waitForFunction(() => document.querySelectorAll('.room-tile[data-ready=false]').length === 0);
  assert.ok((await desk.page.locator('.room-tile[data-ready=true]').count()) > 0, 'the ready rooms are listed');
  const history = await api(desk.page, 'GET', `/api/rooms/${room.room_id}/history`);
  assert.deepEqual(
    history.slice(0, 3).map((h) => h.what),
    ['inspected', 'mark_clean', 'check_out'],
    'the room went check-out → clean → inspected',
  );

  for (const s of [attendant, supervisor, desk]) {
    assert.deepEqual(unexpected(s.errors), [], 'no script errors');
    await s.context.close();
  }
});

test('a failed inspection sends the room back to its attendant, first on the list with a re-clean', async () => {
  const attendant = await signedIn('H201');
  const room = await serviceARoom(attendant.page);

  const supervisor = await signedIn('S201');
  await openBoard(supervisor.page);
  const t = tile(supervisor.page, room.number);
  await t.locator('button[data-tap=fail]').click();
  await supervisor.page.locator('#f-fail-reason').fill('Hair in the bathroom sink');
  await supervisor.page.locator('.fail-inspection button[type=submit]').click();
  await supervisor.page.locator('.fail-inspection').waitFor({ state: 'detached' });
  await supervisor.page.locator(`.room-tile[data-room="${room.room_id}"][data-state=dirty]`).waitFor();

  // Back on the attendant's list, to be cleaned again, with the re-clean task.
  await attendant.page.goto(`${BASE}/rooms/mine`);
  const row = attendant.page.locator(`.room-row[data-room="${room.room_id}"]`);
  await row.and(attendant.page.locator('[data-state=dirty]')).waitFor();
  assert.equal(await row.locator('button[data-tap=mark_clean]').count(), 1, 'the attendant can clean it again');
  const tasks = await api(attendant.page, 'GET', '/api/tasks/mine');
  const reclean = tasks.find((task) => task.title === `Re-clean ${room.number}`);
  assert.ok(reclean, 'a re-clean task is on the attendant’s list');
  assert.equal(reclean.type_code, 'cleaning');
  const history = await api(attendant.page, 'GET', `/api/rooms/${room.room_id}/history`);
  assert.equal(history[0].what, 'fail_inspection');
  assert.equal(history[0].note, 'Hair in the bathroom sink');

  // The attendant cleans it again with one tap.
  await row.locator('button[data-tap=mark_clean]').click();
  await attendant.page.locator(`.room-row[data-room="${room.room_id}"][data-state=clean]`).waitFor();

  for (const s of [attendant, supervisor]) {
    assert.deepEqual(unexpected(s.errors), [], 'no script errors');
    await s.context.close();
  }
});

test('the supervisor moves a room to another attendant with two taps and publishes the day', async () => {
  const { context, page, errors } = await signedIn('S201');
  await page.goto(`${BASE}/rooms/assignments`);
  const lines = page.locator('.assign-line');
  await lines.nth(2).waitFor();
  assert.equal(await lines.count(), 3, 'the three attendants on duty');
  const from = lines.nth(0);
  const to = lines.nth(1);
  const toId = await to.getAttribute('data-attendant');
  const chip = from.locator('.assign-room').first();
  const number = await chip.getAttribute('data-room');
  await chip.click();
  await to.locator('.move-here').click();
  await to.locator(`.assign-room[data-room="${number}"]`).waitFor();
  const [published] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/rooms/assignments') && r.request().method() === 'PUT'),
    page.locator('[data-testid=publish]').click(),
  ]);
  assert.equal(published.status(), 200);
  await page.locator('.hint[data-published=true]').waitFor();
  const saved = await api(page, 'GET', '/api/rooms/assignments');
  const list = saved.find((a) => a.attendant_id === toId);
  assert.ok(list.rooms.some((r) => r.status.number === number), `room ${number} is on its new attendant's list`);
  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('the end-of-day report lists each attendant with a CSV link', async () => {
  const { context, page, errors } = await signedIn('S201');
  await page.goto(`${BASE}/rooms/report`);
  await page.locator('.room-report tbody tr').first().waitFor();
  assert.ok((await page.locator('.room-report tbody tr').count()) >= 3);
  const href = await page.locator('a[download="rooms-report.csv"]').getAttribute('href');
  const csv = await page.evaluate(async (href) => (await fetch(href)).text(), href);
  assert.match(csv.split('\n')[0], /^day,attendant,rooms_assigned/);
  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('every rooms page fits a phone and a tablet, with touch targets of at least 44×44 px', async () => {
  for (const viewport of [PHONE, TABLET]) {
    for (const [who, path, ready] of [
      ['S201', '/rooms', '.room-tile'],
      ['S201', '/rooms/assignments', '.assign-line'],
      ['S201', '/rooms/report', '.room-report'],
      ['H202', '/rooms/mine', '.room-row'],
      ['F101', '/rooms?state=ready', '.room-tile'],
    ]) {
      const { context, page, errors } = await signedIn(who, viewport);
      await page.goto(`${BASE}${path}`);
      await page.locator(ready).first().waitFor();
      assert.deepEqual(await smallTargets(page), [], `${path} for ${who} at ${viewport.width} px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} for ${who} at ${viewport.width} px scrolls sideways by ${overflow} px`);
      assert.deepEqual(unexpected(errors), [], 'no script errors');
      await context.close();
    }
  }
});
