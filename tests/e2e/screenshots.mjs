// Screenshots of the main screens at tablet and phone size, for looking at the UI
// (not a test). Usage: BELLHOP_E2E_URL=http://127.0.0.1:8080 node screenshots.mjs [out-dir]
// against a freshly seeded server.
import { mkdirSync } from 'node:fs';
import { BASE, TABLET, PHONE, launch, newPage, enrollTablet, signInWithPin, signInWithPassword } from './helpers.mjs';

const out = process.argv[2] ?? 'artifacts/screenshots';
mkdirSync(out, { recursive: true });
const browser = await launch();
try {
  for (const [size, viewport] of [['tablet', TABLET], ['phone', PHONE]]) {
    const shot = (page, name) => page.screenshot({ path: `${out}/${size}-${name}.png` });

    const { context, page } = await newPage(browser, { viewport });
    await page.goto(`${BASE}/signin`);
    await page.locator('#f-employee_no').waitFor();
    await shot(page, 'signin-desk');
    await enrollTablet(page);
    const tablet = await context.storageState();
    await shot(page, 'signin-tablet');
    await signInWithPin(page, 'H201');
    await page.waitForURL('**/tasks');
    await shot(page, 'tasks');
    await page.locator('.btn-account').click();
    await shot(page, 'account-menu');
    await context.close();

    const admin = await newPage(browser, { viewport });
    await admin.page.goto(`${BASE}/signin`);
    await signInWithPassword(admin.page, 'A001');
    await admin.page.waitForURL('**/tasks');
    await admin.page.goto(`${BASE}/admin/staff`);
    await admin.page.locator('.rows').waitFor();
    await shot(admin.page, 'staff');
    await admin.page.getByRole('button', { name: 'Add staff' }).click();
    await shot(admin.page, 'staff-new');
    await admin.page.goto(`${BASE}/admin/tablets`);
    await admin.page.getByRole('button', { name: 'Add a tablet' }).click();
    await admin.page.locator('#f-device_name').fill(`Screenshot ${size}`);
    await admin.page.getByRole('button', { name: 'Create enrollment code' }).click();
    await admin.page.locator('[data-testid=enroll-code]').waitFor();
    await shot(admin.page, 'tablets');
    await admin.context.close();

    // Tasks: engineering waits on My tasks while the front desk files an urgent repair.
    const eng = await newPage(browser, { viewport, storageState: tablet });
    await eng.page.goto(`${BASE}/signin`);
    await signInWithPin(eng.page, 'E302');
    await eng.page.waitForURL('**/tasks');
    const desk = await newPage(browser, { viewport, storageState: tablet });
    await desk.page.goto(`${BASE}/signin`);
    await signInWithPin(desk.page, 'F101');
    await desk.page.waitForURL('**/tasks');
    await desk.page.locator('a[href="/tasks/new"]').first().click();
    await desk.page.locator('[data-type=repair]').click();
    await desk.page.locator('#f-room').fill('1208');
    await desk.page.locator('[data-priority="1"]').click();
    await desk.page.locator('#f-title').fill('No hot water');
    await desk.page.locator('#f-details').fill('Guest says the shower runs cold since 7 am.');
    await shot(desk.page, 'task-new');
    await desk.page.locator('form.new-task').screenshot({ path: `${out}/${size}-task-new-full.png` });
    await desk.page.locator('form.new-task button[type=submit]').click();
    await desk.page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    await desk.page.locator('.task-head').waitFor();
    await shot(desk.page, 'task-detail');
    await desk.page.screenshot({ path: `${out}/${size}-task-detail-full.png`, fullPage: true });
    await eng.page.locator('.urgent-banner').waitFor();
    await shot(eng.page, 'tasks-live');
    await desk.context.close();
    await eng.context.close();

    // A housekeeper's check-out inspection with its checklist.
    const hk = await newPage(browser, { viewport, storageState: tablet });
    await hk.page.goto(`${BASE}/signin`);
    await signInWithPin(hk.page, 'H202');
    await hk.page.waitForURL('**/tasks');
    await hk.page.locator('a[href="/tasks/new"]').first().click();
    await hk.page.locator('[data-type=inspection]').click();
    await hk.page.locator('#f-room').fill('905');
    await hk.page.locator('form.new-task button[type=submit]').click();
    await hk.page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    await hk.page.locator('.actions [data-action=accept]').click();
    await hk.page.locator('.actions [data-action=start]').click();
    await hk.page.locator('.check-item').first().click();
    await hk.page.locator('.check-item[aria-checked=true]').waitFor();
    await hk.page.locator('.actions [data-action=done]').click();
    await hk.page.locator('.toast-area [role=alert]').waitFor();
    await hk.page.locator('.checklist').scrollIntoViewIfNeeded();
    await shot(hk.page, 'task-checklist');
    await hk.context.close();

    // The supervisor's board and report.
    const sup = await newPage(browser, { viewport });
    await sup.page.goto(`${BASE}/signin`);
    await signInWithPassword(sup.page, 'S301');
    await sup.page.waitForURL('**/tasks');
    await shot(sup.page, 'tasks-supervisor');
    await sup.page.goto(`${BASE}/tasks/board`);
    await sup.page.locator('.board').waitFor();
    await shot(sup.page, 'task-board');
    await sup.page.goto(`${BASE}/tasks/report`);
    await sup.page.locator('svg.chart').waitFor();
    await sup.page.screenshot({ path: `${out}/${size}-task-report.png`, fullPage: true });
    await sup.context.close();
  }
} finally {
  await browser.close();
}
console.log(`screenshots in ${out}`);
