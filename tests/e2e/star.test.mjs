// The monthly Service Star at a phone's size, on a server of its own whose clock starts
// in the voting days of November 2026 and, restarted over the same database, on the
// first of December: a housekeeper votes with a reason, the manager closes the count,
// and the star is announced with the reason and without the voter's name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PHONE, launch, newPage, signInWithPassword, startServer, unexpected } from './helpers.mjs';

const MONTH = '2026-11';
const REASON = 'Stayed late to fix the leaking tap in 1208';
let browser;
let dir;

before(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'bellhop-star-'));
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signedInOnPhone(url, employeeNo) {
  const session = await newPage(browser, { viewport: PHONE });
  await session.page.goto(`${url}/signin`);
  await signInWithPassword(session.page, employeeNo);
  await session.page.waitForURL('**/tasks');
  return session;
}

test('a housekeeper votes on a phone; the manager closes the count; the star shows without voter names', async () => {
  const dbPath = join(dir, 'bellhop.db');
  const november = await startServer({ dbPath, clockStart: '2026-11-25T10:00:00+08:00' });
  let voterId;
  try {
    const { page, context, errors } = await signedInOnPhone(november.url, 'H202');
    voterId = (await page.evaluate(async () => (await (await fetch('/api/session')).json()).user.id));
    await page.locator('a[href="/star"]').first().click();
    await page.locator('.star-cycle[data-state=open]').waitFor();
    await page.locator('#f-nominee-search').fill('peter');
    await page.locator('.nominee', { hasText: 'Peter Fung' }).click();
    await page.locator('#f-reason').fill(REASON);
    const submit = page.locator('form.ballot button[type=submit]');
    assert.equal(await submit.textContent(), 'Vote for Peter Fung');
    const box = await submit.boundingBox();
    assert.ok(box.height >= 44 && box.width <= PHONE.width, `a big button that fits the phone: ${JSON.stringify(box)}`);
    await submit.click();
    await page.locator('.notice-success', { hasText: 'Your vote for Peter Fung is in' }).waitFor();
    // The page fits the phone: nothing wider than the screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no sideways scrolling (${width} px)`);
    assert.deepEqual(unexpected(errors), []);
    await context.close();
  } finally {
    await november.stop();
  }

  const december = await startServer({ dbPath, clockStart: '2026-12-01T09:00:00+08:00' });
  try {
    const { page, errors } = await signedInOnPhone(december.url, 'M001');
    await page.locator('a[href="/star"]').first().click();
    // This month the hotel counts colleagues' votes only (the demo hotel's audits would
    // otherwise bring skills into the blend).
    await page.locator('a[href="/star/settings"]').click();
    await page.locator('#f-weight_peer').fill('100');
    await page.locator('#f-weight_guest').fill('0');
    await page.locator('#f-weight_skills').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.locator('a.back-link[href="/star"]').click();
    const close = page.locator('.close-count');
    await close.getByRole('button', { name: 'Count and announce' }).click();
    await close.getByRole('button', { name: 'Yes, announce the star' }).click();
    const results = page.locator('.star-results');
    await results.locator('.star-name', { hasText: 'Peter Fung' }).waitFor();
    assert.match(await results.locator('h2').first().textContent(), /November 2026/);
    assert.equal(await results.locator('.reasons blockquote').textContent(), REASON);
    assert.match(await results.locator('.formula-list').textContent(), /votes: 100%/);
    await page.locator('.wall .wall-name', { hasText: 'Peter Fung' }).waitFor();
    assert.equal(await page.locator('.close-count').count(), 0, 'the count is closed');

    const shown = await page.locator('body').innerText();
    assert.ok(!shown.includes('Winnie Kwok'), 'the voter is named nowhere on the page');
    const answers = await page.evaluate(async (month) => {
      const texts = [];
      for (const path of [`/api/star/results/${month}`, '/api/star/wall', '/api/star/current']) {
        texts.push(await (await fetch(path)).text());
      }
      return texts.join('\n');
    }, MONTH);
    assert.ok(answers.includes('Peter Fung'));
    assert.ok(!answers.includes('Winnie') && !answers.includes(voterId), 'no answer names the voter');

    // The wall's month opens that month's results, also as a deep link.
    await page.locator('.wall-entry', { hasText: 'Peter Fung' }).click();
    await page.waitForURL(`**/star/${MONTH}`);
    await page.goto(`${december.url}/star/${MONTH}`);
    await page.locator('.star-results .star-name', { hasText: 'Peter Fung' }).waitFor();
    assert.equal(await page.locator('.star-cycle').count(), 0, 'a past month shows only its results');
    assert.deepEqual(unexpected(errors), []);
  } finally {
    await december.stop();
  }
});
