// On a 360 px phone no page scrolls sideways, for any of the demo's roles: rows of tabs
// and wide tables scroll inside themselves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, launch, newPage, signInWithPassword } from './helpers.mjs';

/** Every list, report and form page of the portal (pages of one record look alike). */
const PAGES = [
  '/tasks', '/tasks/new', '/tasks/board', '/tasks/report', '/tasks/types',
  '/audits', '/audits/report', '/audits/templates', '/audits/templates/new',
  '/training', '/training/report', '/training/bank', '/training/questions/new',
  '/training/quizzes', '/training/quizzes/new', '/training/plans', '/training/plans/new',
  '/rooms', '/rooms/mine', '/rooms/assignments', '/rooms/report',
  '/star', '/star/settings',
  '/admin/staff', '/admin/staff/import', '/admin/tablets', '/admin/hotel', '/admin/departments', '/admin/rooms', '/admin/trail',
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const [who, role] of [['M001', 'a manager'], ['A001', 'an admin'], ['H202', 'a housekeeper']]) {
  test(`no page is wider than a 360 px phone for ${role}`, async () => {
    const { context, page } = await newPage(browser, { viewport: PHONE });
    await page.goto(`${BASE}/signin`);
    await signInWithPassword(page, who);
    await page.waitForURL('**/tasks');
    const wide = [];
    for (const path of PAGES) {
      await page.goto(`${BASE}${path}`);
      await page.locator('.content').waitFor();
      // The page's data arrives after its frame; wait for the loading line to go.
      await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      const found = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return null;
        // The innermost elements that stick out name the culprit.
        const out = (e) => e.getBoundingClientRect().right > width + 1;
        const culprits = [...document.querySelectorAll('.content *')]
          .filter((e) => out(e) && ![...e.children].some(out))
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
        return `${document.documentElement.scrollWidth} px: ${culprits.join(', ')}`;
      });
      if (found) wide.push(`${path} ${found}`);
    }
    assert.deepEqual(wide, [], 'pages that scroll sideways');
    await context.close();
  });
}
