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
  }
} finally {
  await browser.close();
}
console.log(`screenshots in ${out}`);
