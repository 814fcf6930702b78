// A chain at tablet size, on a server of its own (a second hotel changes what the other
// tests' sign-in page shows): the chain admin adds a hotel, moves to it with the shell's
// hotel switcher and reads the chain view; a number used in both hotels picks its hotel
// at sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TABLET, launch, newPage, signInWithPassword, startServer, unexpected, DEMO_PASSWORD } from './helpers.mjs';

let browser;
let dir;
let server;

before(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'bellhop-chain-'));
  server = await startServer({ dbPath: join(dir, 'bellhop.db') });
});
after(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The hotel's name in the shell's top bar. */
async function topbarHotel(page) {
  return (await page.locator('.topbar-property').textContent()).trim();
}

test('the chain admin adds a hotel, switches to it in the shell and reads the chain view', async () => {
  const { page, errors } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${server.url}/signin`);
  await signInWithPassword(page, 'C001');
  await page.waitForURL('**/tasks');
  assert.equal(await topbarHotel(page), 'Harbour View Hotel');

  // Admin → Hotels: add Peak Lodge.
  await page.goto(`${server.url}/admin/chain/hotels`);
  await page.getByRole('button', { name: 'Add a hotel' }).click();
  await page.locator('#f-hotel_name').fill('Peak Lodge');
  await page.locator('#f-time_zone').fill('Asia/Taipei');
  await page.locator('form.card button[type=submit]').click();
  await page.locator('.row-card[data-hotel="Peak Lodge"]').waitFor();
  // Peak Lodge gets its own admin with Harbour View's admin's number, through the API.
  const peak = await page.evaluate(async () => {
    const hotels = await (await fetch('/api/chain/hotels')).json();
    return hotels.find((h) => h.name === 'Peak Lodge').id;
  });

  // The account menu offers both hotels; a tap moves the session and reloads.
  await page.locator('.btn-account').click();
  const switcher = page.locator('[data-testid=hotel-switch]');
  await switcher.waitFor();
  const choice = switcher.getByRole('button', { name: /Peak Lodge/ });
  const box = await choice.boundingBox();
  assert.ok(box.height >= 44, `a big touch target (${box.height}px)`);
  await choice.click();
  await page.waitForURL('**/tasks');
  await page.waitForFunction(() => document.querySelector('.topbar-property')?.textContent.includes('Peak Lodge'));
  const made = await page.evaluate(async ({ password }) => {
    const r = await fetch('/api/staff', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' },
      body: JSON.stringify({
        id: crypto.randomUUID(),
        employee_no: 'A001',
        display_name: 'Lin Mei',
        department_id: null,
        role: 'admin',
        language: 'en',
        pin: null,
        password,
      }),
    });
    return r.status;
  }, { password: DEMO_PASSWORD });
  assert.equal(made, 201);

  // The chain view: both hotels side by side, with a CSV of the same month.
  await page.goto(`${server.url}/admin/chain`);
  await page.locator('table.chain-table tbody tr').nth(1).waitFor();
  const rows = await page.locator('table.chain-table tbody th').allTextContents();
  assert.deepEqual(rows, ['Harbour View Hotel', 'Peak Lodge']);
  // A hotel without finished tasks has a bar of no width: there, not visible.
  await page.locator('.chain-chart svg rect').nth(1).waitFor({ state: 'attached' });
  const csv = await page.getByRole('link', { name: 'Download (CSV)' }).getAttribute('href');
  assert.match(csv, /^\/api\/chain\/figures\.csv/);
  const text = await page.evaluate(async (href) => (await fetch(href)).text(), csv);
  assert.equal(text.trim().split('\n').length, 3, text);
  assert.deepEqual(unexpected(errors), []);
  assert.ok(peak);
});

test('a number used in two hotels chooses its hotel at sign-in', async () => {
  const { page, errors } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${server.url}/signin`);
  await signInWithPassword(page, 'A001');
  const choices = page.locator('main button.btn-block', { hasText: 'Peak Lodge' });
  await choices.waitFor();
  await page.locator('main button.btn-block', { hasText: 'Harbour View Hotel' }).waitFor();
  await choices.click();
  await page.waitForURL('**/tasks');
  assert.equal(await topbarHotel(page), 'Peak Lodge');
  const session = await page.evaluate(async () => (await fetch('/api/session')).json());
  assert.equal(session.user.display_name, 'Lin Mei');
  assert.deepEqual(unexpected(errors), []);
});
