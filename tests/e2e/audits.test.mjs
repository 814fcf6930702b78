// Mystery-shopper audits on a tablet-sized screen. First the demo auditor fills in an assigned
// check-in audit, with a critical "no", a photo, a spell offline and a reload halfway; submits
// and sees the score; the manager finds the score among the results, and the corrective
// task for the failed critical item is on the front office's board. Nothing of the
// audit stays in the browser after sign-out. Then a manager writes a small form in the
// template editor and assigns it; the auditor's queue and the manager's month update live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { BASE, TABLET, browserStorage, launch, newPage, signInWithPassword, unexpected } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function signedIn(employeeNo) {
  const session = await newPage(browser, { viewport: TABLET });
  await session.page.goto(`${BASE}/signin`);
  await signInWithPassword(session.page, employeeNo);
  await session.page.waitForURL('**/tasks');
  return session;
}

// The answers, by item key, of the seeded "Front desk check-in" form (18 items).
// `tap` is the button's data-value; `number` and `text` go into the item's field.
const FIRST_HALF = {
  acknowledged_10s: { tap: 'yes' },
  eye_contact: { tap: 'no', note: 'Looked at the screen' },
  standing: { tap: 'na' },
  greeting: { tap: 'yes' },
  appearance: { tap: '4' },
  id_checked: { tap: 'no' }, // critical
  reservation_confirmed: { tap: 'yes' },
  minutes: { number: '4' },
};
// Answered while the tablet is offline.
const OFFLINE = { name_used: { tap: 'yes' } };
const SECOND_HALF = {
  card_privacy: { tap: 'yes' },
  upsell: { tap: 'no' },
  breakfast: { tap: 'yes' },
  wifi: { tap: 'yes' },
  lifts: { tap: 'yes' },
  luggage: { tap: 'yes' },
  warmth: { tap: '5' },
  farewell: { tap: 'yes' },
  remarks: { text: 'Smooth apart from the ID check' },
};
// Σ weight × score / Σ weight of the scored answers above: 28.5 / 37.
const SCORE = '77.0%';

const item = (page, key) => page.locator(`.audit-item[data-key="${key}"]`);

async function answer(page, answers) {
  for (const [key, a] of Object.entries(answers)) {
    const it = item(page, key);
    if (a.tap) await it.locator(`button[data-value="${a.tap}"]`).click();
    if (a.number) {
      await it.locator('input[type=number]').fill(a.number);
      await it.locator('input[type=number]').press('Tab');
    }
    if (a.text) await it.locator('textarea.answer-note').fill(a.text);
    if (a.note) {
      await it.getByRole('button', { name: 'Add a note' }).click();
      await it.locator('textarea.item-note').fill(a.note);
    }
  }
}

/** Asserts that each item shows exactly its answer (and only it). */
async function assertShown(page, answers) {
  for (const [key, a] of Object.entries(answers)) {
    const it = item(page, key);
    if (a.tap) {
      assert.deepEqual(
        await it.locator('button[aria-pressed=true]').evaluateAll((bs) => bs.map((b) => b.dataset.value)),
        [a.tap],
        `the answer of ${key}`,
      );
    }
    if (a.number) assert.equal(await it.locator('input[type=number]').inputValue(), a.number, key);
    if (a.text) assert.equal(await it.locator('textarea.answer-note').inputValue(), a.text, key);
    if (a.note) assert.equal(await it.locator('textarea.item-note').inputValue(), a.note, `the note of ${key}`);
  }
}

const allSaved = (page) => page.locator('.save-state[data-pending="0"]').waitFor();

test('an auditor fills in an audit across a reload and offline; the manager sees the score and the task', async () => {
  const auditor = await signedIn('U001');
  const { page } = auditor;
  await page.locator('a[href="/audits"]').first().click();
  const line = page.locator('.audit-line[data-status=assigned]', { hasText: 'Front desk check-in' }).filter({ hasText: 'Jason Lau' });
  await line.locator('a').click();
  await page.waitForURL(/\/audits\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  await page.locator('.audit-progress').getByText('0 of 18 answered').waitFor();

  await answer(page, FIRST_HALF);
  await allSaved(page);

  // A picture over the 2 MiB limit (a noisy PNG) is made smaller and shows as a thumbnail.
  const photoItem = item(page, 'eye_contact');
  const bytes = await photoItem.locator('input[type=file]').evaluate(async (input) => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 1400, height: 1400 });
    const ctx = canvas.getContext('2d');
    const pixels = ctx.createImageData(1400, 1400);
    for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : Math.random() * 256;
    ctx.putImageData(pixels, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'evidence.png', { type: 'image/png' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return blob.size;
  });
  assert.ok(bytes > 2 * 1024 * 1024, `the picture is over the limit (${bytes} bytes)`);
  await photoItem.locator('img.thumb').waitFor();
  assert.ok(await photoItem.locator('img.thumb').evaluate(async (img) => {
    await img.decode();
    return img.naturalWidth > 0;
  }));
  const photoType = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-type'), await photoItem.locator('img.thumb').getAttribute('src'));
  assert.equal(photoType, 'image/jpeg', 'stored as the smaller JPEG');

  // Offline: the change waits on the device, and goes once the connection is back.
  await auditor.context.setOffline(true);
  await answer(page, OFFLINE);
  await page.locator('.save-state', { hasText: 'Offline' }).waitFor();
  const waiting = await browserStorage(page);
  assert.match(waiting.local[`bellhop.audit.${id}`] ?? '', /name_used/, 'the unsent answer is kept on the device');
  await auditor.context.setOffline(false);
  await allSaved(page);
  assert.equal((await browserStorage(page)).local[`bellhop.audit.${id}`], undefined, 'sent answers leave the device');

  // A reload shows every answer the server has.
  await page.reload();
  await page.locator('.audit-progress').getByText('9 of 18 answered').waitFor();
  await assertShown(page, { ...FIRST_HALF, ...OFFLINE });
  await page.locator('.audit-progress .pill-urgent', { hasText: 'A critical item failed' }).waitFor();

  await answer(page, SECOND_HALF);
  await page.locator('.audit-progress').getByText('18 of 18 answered').waitFor();
  assert.equal(await page.locator('[data-testid=running-score]').textContent(), SCORE);
  await allSaved(page);
  await page.locator('[data-testid=submit-audit]').click();
  await page.locator('[data-testid=audit-score]', { hasText: SCORE }).waitFor();
  await page.locator('.audit-result .pill[data-result=fail]').waitFor();
  // The failed critical item already has its corrective task.
  const taskLink = page.locator('.failed-item[data-key=id_checked] a.task-link');
  const taskId = (await taskLink.getAttribute('href')).split('/').pop();
  assert.deepEqual(unexpected(auditor.errors).filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);

  // Sign-out leaves nothing of the audit in the browser.
  await page.locator('.btn-account').click();
  await page.locator('[data-testid=sign-out]').click();
  await page.waitForURL('**/signin');
  const stored = await browserStorage(page);
  assert.deepEqual(Object.keys(stored.local).filter((k) => k !== 'bellhop.lang'), []);
  assert.ok(!JSON.stringify(stored).includes(id), 'no trace of the audit');
  await auditor.context.close();

  // The manager sees the score among the results.
  const manager = await signedIn('M001');
  await manager.page.locator('a[href="/audits"]').first().click();
  const result = manager.page.locator(`.audit-line[data-id="${id}"]`);
  assert.equal(await result.locator('[data-testid=score]').textContent(), SCORE);
  await result.locator('.pill[data-result=fail]').waitFor();

  // The corrective task is on the front office's board.
  const board = await manager.page.evaluate(async () => {
    const departments = await (await fetch('/api/departments')).json();
    const front = departments.find((d) => d.code === 'front_office');
    return (await fetch(`/api/tasks/board?department_id=${front.id}`)).json();
  });
  assert.ok(
    board.some((t) => t.id === taskId),
    'the corrective task is on the front office board',
  );
  // A draft of the plan opens as how far its auditor has come, not as a form.
  await manager.page.locator('.audit-line[data-status=assigned] a').first().click();
  await manager.page.getByText('Olivia Tam is filling this audit in').waitFor();
  assert.equal(await manager.page.locator('.audit-item').count(), 0);
  assert.deepEqual(unexpected(manager.errors), []);
  await manager.context.close();
});

// A manager writes a small form in the template editor (three items, one critical),
// assigns it to a new auditor picked from the list of auditors, and the auditor's queue
// shows it without a reload; the auditor fills it in, adds a photo and takes it off
// again, and submits; the manager's open month screen shows the score by itself. An
// edit afterwards makes version 2 while the finished audit keeps version 1.
const FORM = 'Spa welcome (e2e)';
// Yes (weight 2) + rating 3 of 5 (weight 2, half the points) + 45 s against "at most
// 60 s" (weight 1): (2 + 1 + 1) / 5.
const FORM_SCORE = '80.0%';

const tplItem = (page, n) => page.locator('.tpl-item').nth(n);

async function keysInOrder(page) {
  return page.locator('.tpl-item').evaluateAll((items) => items.map((i) => i.dataset.key));
}

/** YYYY-MM-DD of today, as the browser's calendar has it. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('a manager writes a form in the editor, assigns it, and the auditor fills it in live', async () => {
  // A new auditor, with no audits yet: only the list of auditors can offer her.
  const admin = await signedIn('A001');
  const made = await admin.page.evaluate(async () => {
    const r = await fetch('/api/staff', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' },
      body: JSON.stringify({ id: crypto.randomUUID(), employee_no: 'U050', display_name: 'Nina Tsui', department_id: null, role: 'auditor', password: 'bellhop-demo' }),
    });
    return r.status;
  });
  assert.equal(made, 201);
  await admin.context.close();

  const manager = await signedIn('M001');
  const mp = manager.page;
  await mp.locator('a[href="/audits"]').first().click();
  await mp.getByRole('link', { name: 'Templates' }).click();
  await mp.waitForURL('**/audits/templates');
  await mp.locator('.row-card[data-template="Front desk check-in"]').waitFor();
  await mp.getByRole('link', { name: 'New template' }).click();
  await mp.waitForURL('**/audits/templates/new');

  await mp.locator('[name=name]').fill(FORM);
  await mp.locator('[name=area]').fill('Spa reception');
  const front = await mp.evaluate(async () => (await (await fetch('/api/departments')).json()).find((d) => d.code === 'front_office').id);
  await mp.locator('#f-department-0').selectOption(front);
  await mp.locator('[name=pass_mark]').fill('75');
  await mp.locator('[name=section_title]').fill('Welcome');

  // Item 1: yes / no, critical, a photo allowed.
  await tplItem(mp, 0).locator('[name=text]').fill('Greeted within 10 seconds');
  await tplItem(mp, 0).locator('[name=weight]').fill('2');
  await tplItem(mp, 0).locator('[name=critical]').check();
  await tplItem(mp, 0).locator('[name=photo]').check();
  // Item 2: a rating that fails under 3; its text is left out at first.
  await mp.locator('[data-testid=add-item]').click();
  await tplItem(mp, 1).locator('[name=kind]').selectOption('rating');
  await tplItem(mp, 1).locator('[name=threshold]').selectOption('3');
  await tplItem(mp, 1).locator('[name=weight]').fill('2');
  // Item 3: a number with a target.
  await mp.locator('[data-testid=add-item]').click();
  await tplItem(mp, 2).locator('[name=text]').fill('Seconds until a drink is offered');
  await tplItem(mp, 2).locator('[name=kind]').selectOption('number');
  await tplItem(mp, 2).locator('[name=at_most]').selectOption('at_most');
  await tplItem(mp, 2).locator('[name=target]').fill('60');
  await tplItem(mp, 2).locator('[name=unit]').fill('s');
  // A fourth item comes and goes; the third moves up and back down.
  await mp.locator('[data-testid=add-item]').click();
  assert.equal(await mp.locator('.tpl-item').count(), 4);
  await tplItem(mp, 3).locator('[data-action=remove]').click();
  assert.deepEqual(await keysInOrder(mp), ['item_1', 'item_2', 'item_3']);
  await tplItem(mp, 2).locator('[data-action=up]').click();
  assert.deepEqual(await keysInOrder(mp), ['item_1', 'item_3', 'item_2']);
  assert.equal(await tplItem(mp, 1).locator('[name=text]').inputValue(), 'Seconds until a drink is offered', 'the item moved with its text');
  await tplItem(mp, 1).locator('[data-action=down]').click();
  assert.deepEqual(await keysInOrder(mp), ['item_1', 'item_2', 'item_3']);

  // Saving with a question left empty names it beside the field.
  await mp.locator('[data-testid=save-template]').click();
  await tplItem(mp, 1).locator('.field.invalid .field-error', { hasText: 'This is required.' }).waitFor();
  assert.equal(await tplItem(mp, 0).locator('.field.invalid').count(), 0);
  assert.equal(mp.url().endsWith('/audits/templates/new'), true, 'nothing was saved');
  await tplItem(mp, 1).locator('[name=text]').fill('Smile and eye contact');
  await mp.locator('[data-testid=save-template]').click();
  await mp.waitForURL(/\/audits\/templates\/[0-9a-f-]{36}$/);
  const templateId = mp.url().split('/').pop();
  await mp.locator('[data-testid=template-version]', { hasText: 'Version 1' }).waitFor();
  await mp.locator('[data-testid=version-note]', { hasText: 'No audit uses this template yet. Saving makes version 2.' }).waitFor();
  const stored = await mp.evaluate(async (id) => (await fetch(`/api/audit-templates/${id}`)).json(), templateId);
  const items = stored.sections[0].items;
  assert.deepEqual(
    items.map((i) => [i.text, i.kind, i.weight, i.critical, i.photo]),
    [
      ['Greeted within 10 seconds', 'yes_no', 2, true, true],
      ['Smile and eye contact', 'rating', 2, false, false],
      ['Seconds until a drink is offered', 'number', 1, false, false],
    ],
  );
  assert.equal(items[1].threshold, 3);
  assert.deepEqual([items[2].target, items[2].at_most, items[2].unit], [60, true, 's']);
  assert.deepEqual([stored.area, stored.department_id, stored.pass_mark], ['Spa reception', front, 75]);

  // The new auditor waits on her queue, which is empty.
  const auditor = await signedIn('U050');
  const ap = auditor.page;
  await ap.locator('a[href="/audits"]').first().click();
  await ap.getByText('No open audits.').waitFor();
  await ap.evaluate(() => {
    window.bellhopNotReloaded = true;
  });

  // The manager assigns it to her, picked from the list of auditors.
  await mp.locator('a[href="/audits"]').first().click();
  await mp.locator(`button[data-template="${FORM}"]`).click();
  const auditors = await mp.locator('#f-auditor option').allTextContents();
  assert.ok(auditors.includes('Nina Tsui') && auditors.includes('Olivia Tam'), `auditors offered: ${auditors}`);
  await mp.locator('#f-auditor').selectOption({ label: 'Nina Tsui' });
  await mp.locator('#f-due_on').fill(today());
  await mp.locator('#f-assign_area').fill('Spa reception');
  await mp.locator('form:has(#f-auditor) button[type=submit]').click();
  await mp.getByText('The audit is assigned.').waitFor();

  // It reaches her queue by itself.
  const line = ap.locator('.audit-line', { hasText: FORM });
  await line.waitFor();
  assert.equal(await ap.evaluate(() => window.bellhopNotReloaded), true, 'the queue was not reloaded');
  await line.locator('a').click();
  await ap.waitForURL(/\/audits\/[0-9a-f-]{36}$/);
  const auditId = ap.url().split('/').pop();
  await ap.locator('.audit-progress').getByText('0 of 3 answered').waitFor();
  await answer(ap, { item_1: { tap: 'yes' }, item_2: { tap: '3' }, item_3: { number: '45' } });
  await allSaved(ap);

  // A photo goes on the critical item, and comes off again.
  const withPhoto = item(ap, 'item_1');
  await withPhoto.locator('input[type=file]').evaluate(async (input) => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 120, height: 90 });
    canvas.getContext('2d').fillRect(10, 10, 50, 40);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'lobby.png', { type: 'image/png' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await withPhoto.locator('img.thumb').waitFor();
  const photoUrl = `/api/audits/${auditId}/photos/item_1`;
  // Asked outside the page, so the expected 404 is not a console error of the app.
  const photoStatus = async () => (await auditor.context.request.get(`${BASE}${photoUrl}`)).status();
  assert.equal(await photoStatus(), 200);
  await withPhoto.locator('[data-testid=remove-photo]').click();
  await withPhoto.locator('img.thumb').waitFor({ state: 'detached' });
  assert.equal(await photoStatus(), 404, 'the photo is gone from the server');
  assert.equal(await withPhoto.locator('[data-testid=remove-photo]').count(), 0);

  // The manager's month screen is open while she submits.
  await mp.locator(`.audit-line[data-id="${auditId}"][data-status=in_progress]`).waitFor();
  assert.equal(await ap.locator('[data-testid=running-score]').textContent(), FORM_SCORE);
  await ap.locator('[data-testid=submit-audit]').click();
  await ap.locator('[data-testid=audit-score]', { hasText: FORM_SCORE }).waitFor();
  await ap.locator('.audit-result .pill[data-result=pass]').waitFor();
  const result = mp.locator(`.audit-line[data-id="${auditId}"][data-status=submitted]`);
  await result.waitFor();
  assert.equal(await result.locator('[data-testid=score]').textContent(), FORM_SCORE);
  assert.deepEqual(unexpected(auditor.errors), []);
  await auditor.context.close();

  // An edit now makes version 2; the audit keeps version 1 and its score.
  await mp.goto(`${BASE}/audits/templates/${templateId}`);
  await mp.locator('[data-testid=version-note]', { hasText: 'Audits made on this template so far: 1. Saving makes version 2' }).waitFor();
  await tplItem(mp, 0).locator('[name=text]').fill('Greeted within 10 seconds, with a smile');
  await mp.locator('[data-testid=save-template]').click();
  await mp.getByText('Saved as version 2.').waitFor();
  await mp.locator('[data-testid=template-version]', { hasText: 'Version 2' }).waitFor();
  const kept = await mp.evaluate(async (id) => (await fetch(`/api/audits/${id}`)).json(), auditId);
  assert.equal(kept.summary.template_version, 1);
  assert.equal(kept.sections[0].items[0].text, 'Greeted within 10 seconds');
  assert.equal(kept.result.score, 80);
  assert.deepEqual(unexpected(manager.errors), []);
  await manager.context.close();
});
