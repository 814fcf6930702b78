// A real hotel goes live at a tablet's size, on a server of its own over an empty
// database (no demo): the first-run set-up with the code the server printed, then the
// admin adds a department, imports rooms (a bad file first: nothing stored) and staff,
// and enrolls a tablet; a newly imported housekeeper chooses her PIN with her set-up
// code, signs in on the tablet and works a task in an imported room. The change log
// then shows what was done, and its filters live in the address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TABLET, launch, newPage, signInWithPassword, signInWithPin, startServer, fileTaskByApi, unexpected } from './helpers.mjs';

const ADMIN_PASSWORD = 'peak-lodge-2027';
const csv = (lines) => ({ name: 'file.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
const ROOMS_HEADER = 'number,floor,room_type,section,active';
const STAFF_HEADER = 'employee_no,name,role,department,hire_date,language';

let browser;
let dir;
let server;

before(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'bellhop-golive-'));
  server = await startServer({ dbPath: join(dir, 'bellhop.db'), seedDemo: false });
});
after(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the API holds, read the way the app reads it. */
const apiGet = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

test('set-up, departments, rooms, staff and a tablet; the new housekeeper sets her PIN and works a task', async () => {
  const base = server.url;
  assert.match(server.setupCode ?? '', /\S{6,}/, 'the server printed a set-up code');
  const admin = await newPage(browser, { viewport: TABLET });
  const { page } = admin;

  // Sign-in sends a server without a hotel to its set-up; a wrong code makes nothing.
  await page.goto(`${base}/signin`);
  await page.waitForURL('**/setup');
  await page.getByRole('heading', { name: 'Set up Bellhop' }).waitFor();
  await page.locator('#f-code').fill('WRONG-CODE');
  await page.locator('#f-hotel_name').fill('Peak Lodge');
  await page.locator('#f-time_zone').fill('Asia/Taipei');
  await page.locator('#f-admin_employee_no').fill('A100');
  await page.locator('#f-admin_name').fill('Lin Mei');
  await page.locator('#f-admin_password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Set up the hotel' }).click();
  await page.locator('#f-code-err', { hasText: 'This code is not right.' }).waitFor();
  assert.deepEqual(await apiGet(page, '/api/setup'), { needed: true }, 'nothing was made');
  await page.locator('#f-code').fill(server.setupCode);
  await page.getByRole('button', { name: 'Set up the hotel' }).click();
  await page.getByText('Peak Lodge is set up. Sign in as A100 with your password.').waitFor();
  await page.getByRole('link', { name: 'Go to sign-in' }).click();
  await page.waitForURL('**/signin');
  await signInWithPassword(page, 'A100', ADMIN_PASSWORD);
  await page.waitForURL('**/tasks');

  // A department of the hotel's own; its code follows the name.
  await page.locator('nav.navbar').getByRole('link', { name: 'Admin' }).click();
  await page.waitForURL('**/admin');
  await page.locator('.admin-links').getByRole('link', { name: /^Departments/ }).click();
  await page.waitForURL('**/admin/departments');
  await page.locator('li[data-department=housekeeping]').waitFor();
  await page.getByRole('button', { name: 'Add a department' }).click();
  await page.locator('#f-department_name').fill('Spa');
  assert.equal(await page.locator('#f-department_code').inputValue(), 'spa');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('li[data-department=spa]', { hasText: 'Spa' }).waitFor();

  // Rooms: a file with a bad row is refused whole, row by row; then a good one.
  await page.locator('.admin-tabs').getByRole('link', { name: 'Rooms' }).click();
  await page.waitForURL('**/admin/rooms');
  await page.getByText('No rooms here.').waitFor();
  await page.locator('#f-rooms-file').setInputFiles(csv([ROOMS_HEADER, '301,3,Deluxe King,3 East,', '302,three,,,']));
  await page.getByRole('button', { name: 'Import rooms' }).click();
  await page.locator('.import-problem[data-row="3"]', { hasText: 'Row 3: floor — Enter a number.' }).waitFor();
  assert.equal(await page.locator('.import-problem').count(), 1, 'only the bad row is named');
  assert.deepEqual(await apiGet(page, '/api/rooms?include_retired=true'), [], 'nothing was stored');
  await page
    .locator('#f-rooms-file')
    .setInputFiles(csv([ROOMS_HEADER, '301,3,Deluxe King,3 East,', '302,3,Deluxe King,3 East,', '303,3,Twin,3 West,']));
  await page.getByRole('button', { name: 'Import rooms' }).click();
  await page.getByText('3 added, 0 updated.').waitFor();
  await page.locator('li[data-room="302"]').waitFor();
  assert.equal(await page.locator('.import-problem').count(), 0);
  assert.equal(await page.locator('a[download="rooms.csv"]').getAttribute('href'), '/api/rooms.csv');

  // Staff from a file: an unknown department is named; then each person's set-up code.
  await page.locator('.admin-tabs').getByRole('link', { name: 'Staff' }).click();
  await page.waitForURL('**/admin/staff');
  await page.getByRole('link', { name: 'Import staff' }).click();
  await page.waitForURL('**/admin/staff/import');
  await page.locator('#f-staff-file').setInputFiles(csv([STAFF_HEADER, 'H100,Amy Chan,staff,laundry,,']));
  await page.getByRole('button', { name: 'Import staff' }).click();
  await page
    .locator('.import-problem[data-row="2"]', { hasText: 'Row 2: department — There is no such department.' })
    .waitFor();
  await page
    .locator('#f-staff-file')
    .setInputFiles(csv([STAFF_HEADER, 'H100,Amy Chan,staff,housekeeping,,', 'S100,Ben Ho,supervisor,spa,,zh-Hant']));
  await page.getByRole('button', { name: 'Import staff' }).click();
  await page.getByText('2 people added.').waitFor();
  await page.getByText(/expire in 7 days/).waitFor();
  const amy = page.locator('.setup-code-row[data-employee="H100"]');
  assert.match(await amy.innerText(), /Amy Chan/);
  const setupCode = (await amy.locator('[data-testid=setup-code]').innerText()).trim();
  assert.match(setupCode, /\S{6,}/);

  // A tablet for the third floor.
  await page.goto(`${base}/admin/tablets`);
  await page.getByRole('button', { name: 'Add a tablet' }).click();
  await page.locator('#f-device_name').fill('Floor 3 pantry');
  await page.getByRole('button', { name: 'Create enrollment code' }).click();
  const enrollCode = (await page.locator('[data-testid=enroll-code]').innerText()).trim();

  const tablet = await newPage(browser, { viewport: TABLET });
  const tab = tablet.page;
  await tab.goto(`${base}/signin`);
  await tab.getByRole('link', { name: 'Enroll this tablet' }).click();
  await tab.locator('#f-enroll_code').fill(enrollCode);
  await tab.getByRole('button', { name: 'Enroll', exact: true }).click();
  await tab.getByText('This tablet is now enrolled as "Floor 3 pantry"').or(tab.getByText(/now enrolled as/)).first().waitFor();
  await tab.getByRole('link', { name: 'Back to sign-in' }).click();
  await tab.locator('.pad').waitFor();

  // Amy chooses her PIN with her code (typed twice), then signs in with it.
  await tab.getByRole('link', { name: 'First time? Set up with your code' }).click();
  await tab.waitForURL('**/signin/code');
  await tab.locator('#f-employee_no').fill('H100');
  await tab.locator('#f-setup_code').fill(setupCode);
  await tab.getByRole('button', { name: 'Next' }).click();
  await tab.getByText('Choose your PIN: 4 to 6 digits.').waitFor();
  const typePin = async (pin) => {
    for (const digit of pin) await tab.locator(`.pad-key[data-key="${digit}"]`).click();
    await tab.locator('.pad-submit').click();
  };
  await typePin('2580');
  await tab.getByText('Type the same PIN again.').waitFor();
  await typePin('2581');
  await tab.getByText('The two PINs differ: choose it again.').waitFor();
  await typePin('2580');
  await typePin('2580');
  await tab.getByText('All set. Sign in with your employee number and your new PIN or password.').waitFor();
  await tab.getByRole('link', { name: 'Sign in' }).click();
  await tab.waitForURL('**/signin');
  await tab.locator('.pad').waitFor();
  await signInWithPin(tab, 'H100', '2580');
  await tab.waitForURL('**/tasks');

  // A room request in imported room 302, worked on the tablet.
  const task = await fileTaskByApi(page, { type: 'room_request', room: '302', title: 'Extra towels', priority: 3 });
  const card = tab.locator(`.task-card[data-task="${task.id}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-room'), '302');
  await card.locator('[data-action=accept]').click();
  await card.locator('[data-action=start]').click();
  await card.locator('[data-action=done]').click();
  await card.waitFor({ state: 'detached' });
  const done = await apiGet(page, `/api/tasks/${task.id}`);
  assert.equal(done.status, 'done');

  // The change log: everything above, newest first, filtered in the address.
  await page.goto(`${base}/admin/trail`);
  for (const kind of ['setup_code_redeemed', 'tablet_enrolled', 'tablet_added', 'staff_imported', 'rooms_imported', 'department_added']) {
    await page.locator(`.trail-entry[data-kind=${kind}]`).first().waitFor();
  }
  await page.locator('.trail-entry[data-kind=department_added]', { hasText: 'Department added' }).getByText('Spa').first().waitFor();
  await page.locator('#f-trail-kind').selectOption('department_added');
  await page.waitForURL(/kind=department_added/);
  await page.locator('.trail-entry[data-kind=tablet_added]').waitFor({ state: 'detached' });
  assert.equal(await page.locator('.trail-entry').count(), 1);
  assert.match(await page.locator('a[download="admin-events.csv"]').getAttribute('href'), /kind=department_added/);
  await page.reload();
  await page.locator('.trail-entry[data-kind=department_added]').waitFor();
  assert.equal(await page.locator('#f-trail-kind').inputValue(), 'department_added');
  // Tapping who made a change shows only theirs.
  await page.locator('#f-trail-kind').selectOption('');
  await page.locator('.trail-entry[data-kind=setup_code_redeemed] .actor', { hasText: 'Amy Chan' }).click();
  await page.getByText('Only changes by Amy Chan.').waitFor();
  await page.waitForURL(/actor=/);
  await page.locator('.trail-entry[data-kind=department_added]').waitFor({ state: 'detached' });

  assert.deepEqual(unexpected(admin.errors), [], 'no script errors for the admin');
  assert.deepEqual(unexpected(tablet.errors), [], 'no script errors on the tablet');
  await admin.context.close();
  await tablet.context.close();
});
