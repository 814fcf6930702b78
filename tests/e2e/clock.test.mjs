// The hotel's clock: a device set to another time zone still shows the hotel's times.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, TABLET, launch, newPage, signInWithPassword, fileTaskByApi, unexpected } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** `t` as the app writes it on `zone`'s clock: the time alone when it is today there. */
function shortTime(t, zone) {
  const numbers = (d) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(d)
        .map((p) => [p.type, p.value]),
    );
  const at = numbers(new Date(t));
  const today = numbers(new Date());
  const time = `${at.hour === '24' ? '00' : at.hour}:${at.minute}`;
  const sameDay = at.year === today.year && at.month === today.month && at.day === today.day;
  return sameDay ? time : `${at.year}-${at.month}-${at.day} ${time}`;
}

test("a tablet whose clock is UTC shows the Hong Kong hotel's times", async () => {
  const { context, page, errors } = await newPage(browser, { viewport: TABLET, timezoneId: 'UTC' });
  await page.goto(`${BASE}/signin`);
  assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'UTC');
  await signInWithPassword(page, 'M001');
  await page.waitForURL('**/tasks');
  const session = await page.evaluate(async () => (await fetch('/api/session')).json());
  assert.equal(session.property.time_zone, 'Asia/Hong_Kong');

  const task = await fileTaskByApi(page, { type: 'cleaning', room: '1001', title: 'Clock check', priority: 2 });
  await page.goto(`${BASE}/tasks/${task.id}`);
  const acceptBy = page.locator('dl.facts dt', { hasText: 'Accept by' }).locator('xpath=following-sibling::dd[1]');
  const finishBy = page.locator('dl.facts dt', { hasText: 'Finish by' }).locator('xpath=following-sibling::dd[1]');
  await acceptBy.waitFor();
  const hongKong = shortTime(task.deadlines.respond_by, 'Asia/Hong_Kong');
  assert.notEqual(hongKong, shortTime(task.deadlines.respond_by, 'UTC'), 'the two clocks differ by eight hours');
  assert.equal((await acceptBy.innerText()).trim(), hongKong);
  assert.equal((await finishBy.innerText()).trim(), shortTime(task.deadlines.resolve_by, 'Asia/Hong_Kong'));
  assert.match(await page.locator('dl.facts').innerText(), new RegExp(shortTime(task.created_at, 'Asia/Hong_Kong')));

  assert.deepEqual(unexpected(errors), []);
  await context.close();
});
