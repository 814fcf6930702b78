// The portal's addresses in headless Chromium: filters and report choices kept in the
// query string across a reload, the back button and a shared link, and addresses that
// name no page or no valid record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { BASE, TABLET, PHONE, launch, newPage, signInWithPassword, fileTaskByApi, unexpected } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("the board's filters survive a reload, the back button and a shared link", async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'S201');
  await page.waitForURL('**/tasks');
  const task = await fileTaskByApi(page, { type: 'cleaning', room: '1106', title: 'Fresh towels', priority: 2 });
  const cleaning = await page.evaluate(
    async () => (await (await fetch('/api/task-types')).json()).find((t) => t.code === 'cleaning').id,
  );

  await page.locator('a[href="/tasks/board"]').click();
  const card = page.locator(`.task-card[data-task="${task.id}"]`);
  await card.waitFor();
  await page.locator('#f-board-floor').selectOption('11');
  await page.waitForURL(/floor=11/);
  await page.locator('#f-board-type').selectOption(cleaning);
  await page.waitForURL(new RegExp(`type=${cleaning}`));
  await page.locator('#f-board-room').fill('110');
  await page.waitForURL(/room=110/);
  await card.waitFor();
  const filtered = page.url();

  // A reload draws the same board.
  await page.reload();
  await card.waitFor();
  assert.equal(await page.locator('#f-board-floor').inputValue(), '11');
  assert.equal(await page.locator('#f-board-type').inputValue(), cleaning);
  assert.equal(await page.locator('#f-board-room').inputValue(), '110');

  // Into the task and back: the filters are still there.
  await card.locator('.task-title').click();
  await page.waitForURL(`**/tasks/${task.id}`);
  await page.locator('.task-head h1').waitFor();
  await page.goBack();
  await page.waitForURL(filtered);
  await card.waitFor();
  assert.equal(await page.locator('#f-board-floor').inputValue(), '11');
  assert.equal(await page.locator('#f-board-type').inputValue(), cleaning);
  assert.equal(await page.locator('#f-board-room').inputValue(), '110');

  // A room the filter excludes hides the card; the address says so too.
  await page.locator('#f-board-room').fill('120');
  await page.waitForURL(/room=120/);
  await card.waitFor({ state: 'detached' });

  // The link shared with a colleague opens the same board for them.
  const colleague = await newPage(browser, { viewport: PHONE });
  await colleague.page.goto(filtered);
  await colleague.page.waitForURL('**/signin**');
  await signInWithPassword(colleague.page, 'S201');
  await colleague.page.waitForURL(filtered);
  await colleague.page.locator(`.task-card[data-task="${task.id}"]`).waitFor();
  assert.equal(await colleague.page.locator('#f-board-floor').inputValue(), '11');
  assert.deepEqual(unexpected(colleague.errors), [], 'no script errors for the colleague');
  await colleague.context.close();

  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test("the audit report's month survives a reload and the back button", async () => {
  const { context, page, errors } = await newPage(browser, { viewport: PHONE });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'M002');
  await page.waitForURL('**/tasks');
  await page.goto(`${BASE}/audits/report`);
  await page.locator('#f-month').fill('2026-10');
  await page.waitForURL(/month=2026-10/);
  await page.reload();
  await page.locator('.audit-report h1').waitFor();
  assert.equal(await page.locator('#f-month').inputValue(), '2026-10');

  await page.locator('nav.navbar a[href="/tasks"]').click();
  await page.waitForURL('**/tasks');
  await page.goBack();
  await page.waitForURL(/\/audits\/report\?month=2026-10/);
  assert.equal(await page.locator('#f-month').inputValue(), '2026-10');
  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('an address that names no page, or no valid record, shows the not-found page', async () => {
  const { context, page, errors } = await newPage(browser, { viewport: PHONE });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'M001');
  await page.waitForURL('**/tasks');
  for (const path of ['/tasks/not-an-id', '/training/quizzes/12345', '/star/last-month', '/nowhere']) {
    await page.goto(`${BASE}${path}`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  }
  // Its one link leads back to work.
  await page.getByRole('link', { name: 'Go to tasks' }).click();
  await page.waitForURL('**/tasks');
  // `/` goes on to My tasks, leaving no history entry of its own.
  await page.goto(`${BASE}/`);
  await page.waitForURL('**/tasks');
  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test("each section loads only its own app, and the back button returns across them", async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET });
  const wasm = [];
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) wasm.push(path);
  });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'M001');
  await page.waitForURL('**/tasks');
  await page.locator('#main h1', { hasText: 'My tasks' }).waitFor();
  assert.ok(wasm.at(-1).match(/^\/bellhop-[0-9a-f]+_bg\.wasm$/), `the start page's app: ${wasm}`);

  // A link into another section loads that section's app, and only it.
  wasm.length = 0;
  await page.locator('nav.navbar').getByRole('link', { name: 'Audits' }).click();
  await page.locator('#main h1', { hasText: 'Audits' }).waitFor();
  assert.equal(wasm.length, 1, `one app: ${wasm}`);
  assert.match(wasm[0], /^\/audits-app\/bellhop-audits-[0-9a-f]+_bg\.wasm$/);

  // `/audits/templates` looks like an audit's address to the audits app; it is the
  // template editor's.
  wasm.length = 0;
  await page.getByRole('link', { name: 'Templates' }).click();
  await page.locator('.row-card[data-template="Front desk check-in"]').waitFor();
  assert.match(wasm.join(), /^\/audit-templates-app\/bellhop-audit-templates-[0-9a-f]+_bg\.wasm$/);

  // Back, twice, across two apps; the history holds one entry per page.
  await page.goBack();
  await page.waitForURL(/\/audits$/);
  await page.locator('#main h1', { hasText: 'Audits' }).waitFor();
  await page.goBack();
  await page.waitForURL(/\/tasks$/);
  await page.locator('#main h1', { hasText: 'My tasks' }).waitFor();

  // Within a section a link stays in its app: no page load.
  wasm.length = 0;
  await page.locator('a[href="/tasks/board"]').click();
  await page.waitForURL('**/tasks/board');
  await page.locator('.board').waitFor();
  assert.deepEqual(wasm, [], 'no app loaded within a section');
  assert.deepEqual(unexpected(errors), [], 'no script errors');
  await context.close();
});

test('each page opens only for the roles its route lets in; the others see "no access" and load nothing', async () => {
  const { context, page, errors } = await newPage(browser, { viewport: PHONE });
  const asked = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    // Beyond what the signed-in shell reads on every page (who is signed in, the
    // department names, the live stream, the urgent banner's tasks, task types and rooms).
    const shell = /^\/api\/(session|departments|events|tasks\/mine|task-types|rooms|devices\/this)$/;
    if (url.pathname.startsWith('/api/') && !shell.test(url.pathname)) {
      asked.push(url.pathname);
    }
  });
  await page.goto(`${BASE}/signin`);
  await signInWithPassword(page, 'H202');
  await page.waitForURL('**/tasks');
  const noAccess = page.getByRole('alert').filter({ hasText: 'You do not have access to this page.' });
  // A housekeeper: none of these is theirs, each in a different section's app.
  for (const path of ['/tasks/board', '/tasks/types', '/audits/templates/new', '/training/bank', '/star/settings', '/admin/rooms', '/admin', '/rooms/assignments']) {
    await page.goto(`${BASE}${path}`);
    await noAccess.waitFor();
    assert.deepEqual(asked, [], `${path} asks the server for nothing`);
  }
  await context.close();

  // A supervisor runs their department's board but not the hotel's task types.
  const supervisor = await newPage(browser, { viewport: PHONE });
  await supervisor.page.goto(`${BASE}/signin`);
  await signInWithPassword(supervisor.page, 'S101');
  await supervisor.page.waitForURL('**/tasks');
  await supervisor.page.goto(`${BASE}/tasks/board`);
  await supervisor.page.locator('.board').waitFor();
  await supervisor.page.goto(`${BASE}/tasks/types`);
  await supervisor.page.getByText('You do not have access to this page.').waitFor();
  assert.deepEqual(unexpected([...errors, ...supervisor.errors]), [], 'no script errors');
  await supervisor.context.close();
});
