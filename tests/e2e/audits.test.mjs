// Mystery-shopper audits on a tablet-sized screen: the demo auditor fills in an assigned
// check-in audit, with a critical "no", a photo, a spell offline and a reload halfway; submits
// and sees the score; the manager finds the score among the results, and the corrective
// task for the failed critical item is on the front office's board. Nothing of the
// audit stays in the browser after sign-out.
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
