// Training quizzes on a phone: a housekeeper starts the timed "Complaint handling
// basics" from My training, answers half, reloads and finds the same attempt on the
// same question with her answers kept, answers the rest, hands in and sees her result.
// The manager's training report then counts her as attempted and passed. The right
// answers come from the manager's bank export, never from an attempt's responses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BASE, PHONE, launch, newPage, signInWithPassword, startServer, unexpected } from './helpers.mjs';

const QUIZ = 'Complaint handling basics';
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function signedInOnPhone(employeeNo, url = BASE) {
  const session = await newPage(browser, { viewport: PHONE });
  await session.page.goto(`${url}/signin`);
  await signInWithPassword(session.page, employeeNo);
  await session.page.waitForURL('**/tasks');
  return session;
}

/** A JSON call from the page, with the header the server demands of writes. */
function call(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const headers = { 'Content-Type': 'application/json', 'X-Requested-With': 'bellhop' };
      const r = await fetch(`/api${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
      return { status: r.status, json: await r.json() };
    },
    { method, path, body },
  );
}

async function fitsThePhone(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${where}: no sideways scrolling (${width} px)`);
}

/**
 * Answers the question on screen rightly, from the bank's key, and waits until saved;
 * `meanwhile` runs after the answer is given and before it is known to be saved.
 */
async function answerRightly(page, bank, meanwhile) {
  const prompt = (await page.locator('.question .prompt').textContent()).trim();
  const q = bank.find((b) => b.prompt === prompt);
  assert.ok(q, `the bank knows "${prompt}"`);
  const key = q.key;
  const option = (i) => page.locator('.answers .answer').filter({ hasText: q.options[i] }).first();
  switch (key.kind) {
    case 'single_choice':
      await option(key.correct).click();
      break;
    case 'multiple_choice':
      for (const i of key.correct) {
        await option(i).click();
        await page.locator('.save-state[data-state=saved]').waitFor();
      }
      break;
    case 'true_false':
      await page.locator('.answers .answer', { hasText: key.correct ? 'True' : 'False' }).click();
      break;
    case 'numeric':
      await page.locator('#f-numeric-answer').fill(String(key.expected));
      await page.locator('#f-numeric-answer').press('Enter');
      break;
    case 'ordering': {
      const wanted = key.correct.map((i) => q.options[i]);
      let moved = false;
      for (let at = 0; at < wanted.length; at += 1) {
        const shown = await page.locator('.order-item .order-text').allTextContents();
        for (let from = shown.indexOf(wanted[at]); from > at; from -= 1) {
          await page.locator('.order-item').nth(from).locator('.move-up').click();
          await page.locator('.save-state[data-state=saved]').waitFor();
          moved = true;
        }
      }
      if (!moved) await page.locator('.keep-order').click();
      break;
    }
    default:
      assert.fail(`unexpected kind ${key.kind}`);
  }
  if (meanwhile) await meanwhile();
  await page.locator('.save-state[data-state=saved]').waitFor();
}

test('a housekeeper takes a timed quiz on a phone across a reload; the manager sees her in the report', async () => {
  const employee = await signedInOnPhone('H202');
  const { page, errors } = employee;
  const me = (await call(page, 'GET', '/session')).json.user;

  // The manager assigns the quiz to her and exports the bank (the answer key).
  const manager = await signedInOnPhone('M001');
  const quizzes = (await call(manager.page, 'GET', '/training/quizzes?limit=200')).json.items;
  const quiz = quizzes.find((q) => q.title === QUIZ);
  assert.ok(quiz && quiz.time_limit_mins, 'the demo quiz is timed');
  const assigned = await call(manager.page, 'POST', '/training/assignments', {
    id: crypto.randomUUID(),
    quiz_id: quiz.id,
    target: { kind: 'person', staff_id: me.id },
    due_on: null,
  });
  assert.equal(assigned.status, 201, JSON.stringify(assigned.json));
  const bank = (await call(manager.page, 'GET', '/training/bank/export.json')).json;
  const explanations = bank.map((q) => q.explanation).filter(Boolean);
  const before = (await call(manager.page, 'GET', '/reports/training')).json.coverage.find(
    (r) => r.department_id === me.department_id,
  );

  // Everything the employee's page receives until she hands in.
  let handingIn = false;
  const leaks = [];
  page.on('response', async (r) => {
    if (handingIn || !r.url().includes('/api/')) return;
    const text = await r.text().catch(() => '');
    if (text.includes('"explanation"') || explanations.some((e) => text.includes(e))) leaks.push(r.url());
  });

  await page.locator('a[href="/training"]').first().click();
  const card = page.locator('.training-item', { hasText: QUIZ });
  await card.locator('.start-quiz').click();
  await page.waitForURL(/\/training\/attempts\/[0-9a-f-]{36}$/);
  const attemptUrl = page.url();
  await page.locator('.countdown').waitFor();
  assert.match(await page.locator('.countdown').textContent(), /^(10:00|9:\d\d)$/);
  const total = quiz.selection.question_ids.length;
  assert.equal(await page.locator('.progress-text').textContent(), `Question 1 of ${total}`);
  await fitsThePhone(page, 'the first question');

  // One answer meets a dead network: the page says so, keeps it and sends it again.
  const answers = '**/api/training/attempts/*/answers/*';
  const offlineOnce = async () => {
    await page.locator('.save-state[data-state=failed]', { hasText: 'Not saved yet' }).waitFor();
    await page.unroute(answers);
  };
  const half = Math.floor(total / 2);
  for (let n = 0; n < half; n += 1) {
    if (n === 2) await page.route(answers, (route) => route.abort());
    await answerRightly(page, bank, n === 2 ? offlineOnce : undefined);
    await page.locator('.nav-next').click();
    await page.locator(`.question-card[data-position="${n + 1}"]`).waitFor();
  }
  const onScreen = await page.locator('.question .prompt').textContent();

  await page.reload();
  await page.locator(`.question-card[data-position="${half}"]`).waitFor();
  assert.equal(page.url(), attemptUrl, 'the same attempt');
  assert.equal(await page.locator('.question .prompt').textContent(), onScreen, 'the same question');
  assert.equal(await page.locator('.progress-text').textContent(), `Question ${half + 1} of ${total}`);
  // The answer before is still given.
  await page.locator('.nav-back').click();
  await page.locator(`.question-card[data-position="${half - 1}"]`).waitFor();
  const kept = await page.evaluate(() => {
    const q = document.querySelector('.question');
    const input = q.querySelector('#f-numeric-answer');
    return Boolean(q.querySelector('[aria-pressed="true"]') || (input && input.value) || (q.querySelector('.ordering') && !q.querySelector('.keep-order')));
  });
  assert.ok(kept, 'the earlier answer is kept after the reload');
  await page.locator('.nav-next').click();

  for (let n = half; n < total; n += 1) {
    await page.locator(`.question-card[data-position="${n}"]`).waitFor();
    await answerRightly(page, bank);
    await fitsThePhone(page, `question ${n + 1}`);
    if (n + 1 < total) await page.locator('.nav-next').click();
  }
  await page.locator('.hand-in').click();
  await page.locator('.confirm-hand-in').waitFor();
  handingIn = true;
  await page.locator('.confirm-yes').click();

  const result = page.locator('.result-card');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-passed'), 'true');
  assert.equal(await result.locator('.result-score-big').textContent(), '100%');
  await page.locator('.certificate-earned').waitFor();
  await page.locator('.review .review-item').first().waitFor();
  await fitsThePhone(page, 'the result');
  assert.deepEqual(leaks, [], 'no explanation reached the page before handing in');
  // The one save cut off on purpose is the only failed request.
  assert.deepEqual(unexpected(errors).filter((e) => !/ERR_FAILED/.test(e)), []);

  // The manager's report counts her as attempted and passed.
  const { page: mp, errors: managerErrors } = manager;
  await mp.locator('a[href="/training"]').first().click();
  await mp.locator('a[href="/training/report"]').click();
  const row = mp.locator(`.coverage tr[data-department="${me.department_id}"]`);
  await row.waitFor();
  assert.equal(Number(await row.locator('.cover-attempted').textContent()), before.attempted + 1);
  assert.equal(Number(await row.locator('.cover-passed').textContent()), before.passed + 1);
  await fitsThePhone(mp, 'the report');
  assert.deepEqual(unexpected(managerErrors), []);
});

test('a manager imports a question bank file with mistakes and sees them by row, nothing stored', async () => {
  const { page, errors } = await signedInOnPhone('M001');
  const before = (await call(page, 'GET', '/training/questions?limit=1')).json.total;
  await page.locator('a[href="/training"]').first().click();
  await page.locator('a[href="/training/bank"]').click();
  await page.locator('.bank-category').first().waitFor();
  const good = {
    id: crypto.randomUUID(),
    category: 'language',
    prompt: 'How do you greet a guest in the morning?',
    options: ['Good morning', 'Hey'],
    key: { kind: 'single_choice', correct: 0 },
  };
  const bad = { ...good, id: crypto.randomUUID(), prompt: '' };
  await page.locator('#f-bank-content').fill(JSON.stringify([good, bad, 5]));
  await page.locator('.import-form button[type=submit]').click();
  await page.locator('.import-problem[data-row="2"]', { hasText: 'Row 2' }).waitFor();
  await page.locator('.import-problem[data-row="3"]').waitFor();
  assert.equal(await page.locator('.import-problem[data-row="1"]').count(), 0, 'the good row is not blamed');
  assert.equal((await call(page, 'GET', '/training/questions?limit=1')).json.total, before, 'nothing stored');

  await page.locator('#f-bank-content').fill(JSON.stringify([good]));
  await page.locator('.import-form button[type=submit]').click();
  await page.locator('.bank-import .notice-success', { hasText: '1 new' }).waitFor();
  await page.locator('.bank-category', { hasText: 'language' }).waitFor();
  await fitsThePhone(page, 'the question bank');
  assert.deepEqual(unexpected(errors), []);
});

test('when the time runs out, the server grades the attempt as it stood and the page says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bellhop-training-'));
  const dbPath = join(dir, 'bellhop.db');
  let server = await startServer({ dbPath, clockStart: new Date().toISOString() });
  try {
    // The newest colleague has the quiz in the onboarding plan of the demo hotel.
    const { page, context, errors } = await signedInOnPhone('B402', server.url);
    await page.goto(`${server.url}/training`);
    await page.locator('.training-item', { hasText: QUIZ }).locator('.start-quiz').click();
    await page.waitForURL(/\/training\/attempts\/[0-9a-f-]{36}$/);
    const path = new URL(page.url()).pathname;
    await page.locator('.answers .answer, .keep-order, #f-numeric-answer').first().waitFor();
    assert.deepEqual(unexpected(errors), []);
    const cookies = await context.storageState();
    await context.close();
    await server.stop();

    // Eleven minutes later on the server's clock: past the ten minutes and the grace.
    server = await startServer({ dbPath, clockStart: new Date(Date.now() + 11 * 60_000).toISOString() });
    const later = await newPage(browser, { viewport: PHONE, storageState: cookies });
    await later.page.goto(`${server.url}${path}`);
    await later.page.locator('.time-up').waitFor();
    assert.equal(await later.page.locator('.result-card').getAttribute('data-passed'), 'false');
    await later.page.locator('.no-review').waitFor();
    assert.deepEqual(unexpected(later.errors), []);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
