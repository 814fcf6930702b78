// Training quizzes on a phone: a housekeeper starts the timed "Complaint handling
// basics" from My training, answers half, reloads and finds the same attempt on the
// same question with her answers kept, answers the rest, hands in and sees her result.
// The manager's training report then counts her as attempted and passed. A manager
// writes a bank question in its editor and edits it. A manager builds a quiz in the
// editor and an onboarding plan, an engineer takes the quiz (its multi-answer
// scenario with checkboxes), and his history shows the attempt. The right
// answers come from the manager's bank export, never from an attempt's responses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BASE, PHONE, assignQuiz, call, launch, newPage, signInWithPassword, startServer, unexpected } from './helpers.mjs';

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

/** The result screen of an attempt with every answer right, which certifies. */
async function seeFullMarksWithCertificate(page) {
  const result = page.locator('.result-card');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-passed'), 'true');
  assert.equal(await result.locator('.result-score-big').textContent(), '100%');
  await page.locator('.certificate-earned').waitFor();
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
  await assignQuiz(manager.page, quiz.id, me.id);
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
    return Boolean(q.querySelector('[aria-pressed="true"], input:checked') || (input && input.value) || (q.querySelector('.ordering') && !q.querySelector('.keep-order')));
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

  await seeFullMarksWithCertificate(page);
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

test('a manager writes a multiple-choice question with partial credit on a phone, then edits its explanation', async () => {
  const { page, errors } = await signedInOnPhone('M001');
  const stored = async () => (await call(page, 'GET', '/training/bank/export.json')).json;
  const before = (await stored()).length;
  const prompt = `Which of these go in the lost-property log? (${crypto.randomUUID().slice(0, 8)})`;
  await page.locator('a[href="/training"]').first().click();
  await page.locator('a[href="/training/bank"]').click();
  await page.locator('.new-question').click();
  await page.waitForURL('**/training/questions/new');

  await page.locator('#f-question-category').fill('lost property');
  await page.locator('#f-question-kind').selectOption({ label: 'Multiple choice' });
  await page.locator('#f-question_prompt').fill(prompt);
  await page.locator('.add-option').click();
  await page.locator('.add-option').click();
  const options = ['The date and time found', 'Where it was found', 'Who found it', 'The weather'];
  const texts = page.locator('.option-row .option-text');
  await countIs(texts, 4, 'four options');
  // Written out of order, then put right with the arrows.
  for (const [n, text] of [options[0], options[2], options[1], options[3]].entries()) await texts.nth(n).fill(text);
  await page.locator('.option-row').nth(2).locator('.move-up').click();
  assert.deepEqual(await texts.evaluateAll((inputs) => inputs.map((i) => i.value)), options);
  await page.locator('#f-question-rule').selectOption({ label: 'Partial credit: right picks minus wrong picks' });
  await page.locator('#f-question_explanation').fill('Date, place and finder let the owner prove it is theirs.');

  // No right option marked: refused next to the options, nothing stored.
  await page.locator('.save-question').click();
  await page.locator('#f-question-key-err', { hasText: 'Mark the right answer.' }).waitFor();
  assert.ok(page.url().endsWith('/training/questions/new'), 'still the new question');
  assert.equal((await stored()).length, before, 'nothing stored');
  await fitsThePhone(page, 'the question editor');

  const correct = page.locator('.option-row .option-correct input[type=checkbox]');
  await countIs(correct, 4, 'checkboxes for a multiple choice');
  for (const n of [0, 1, 2]) await correct.nth(n).check();
  await page.locator('.save-question').click();
  await page.waitForURL('**/training/bank');
  const row = page.locator('.bank-question.just-saved', { hasText: prompt });
  await row.waitFor();
  assert.ok(await row.isVisible(), 'the saved question is shown in its open category');
  await page.locator('.notice-success', { hasText: 'The question is saved.' }).waitFor();

  const written = (await stored()).find((q) => q.prompt === prompt);
  assert.ok(written, 'the question is in the bank');
  assert.equal(written.category, 'lost property');
  assert.deepEqual(written.options, options);
  assert.deepEqual(written.key, { kind: 'multiple_choice', correct: [0, 1, 2], rule: 'right_minus_wrong' });
  assert.equal(written.case ?? null, null);

  // The bank row opens the editor with the stored question read back.
  await row.locator('a').click();
  await page.waitForURL(`**/training/questions/${written.id}`);
  await page.locator('#f-question_explanation').waitFor();
  assert.equal(await page.locator('#f-question_prompt').inputValue(), prompt);
  assert.deepEqual(
    await page.locator('.option-row .option-correct input').evaluateAll((inputs) => inputs.map((i) => i.checked)),
    [true, true, true, false],
  );
  assert.equal(
    await page.locator('#f-question-rule option:checked').textContent(),
    'Partial credit: right picks minus wrong picks',
  );
  await page.locator('#f-question_explanation').fill('Date, place and finder: enough for the owner to claim it.');
  await page.locator('.save-question').click();
  await page.waitForURL('**/training/bank');
  await page.locator('.bank-question.just-saved', { hasText: prompt }).waitFor();
  const edited = (await stored()).find((q) => q.id === written.id);
  assert.equal(edited.explanation, 'Date, place and finder: enough for the owner to claim it.');
  assert.deepEqual(edited.key, written.key, 'the key is kept');
  assert.equal((await stored()).length, before + 1, 'edited in place, not added again');
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

/** Waits (up to 5 s) until `locator` matches `n` elements. */
async function countIs(locator, n, what) {
  for (let tries = 0; tries < 50 && (await locator.count()) !== n; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(await locator.count(), n, what);
}

/** Chooses the option of `select` whose text is `label`, once it is there. */
async function choose(page, select, label) {
  await page.locator(`${select} option`, { hasText: label }).first().waitFor({ state: 'attached' });
  await page.locator(select).selectOption({ label });
}

test('a manager builds a quiz and an onboarding plan on a phone; an engineer takes the quiz; his history shows it', async () => {
  const manager = await signedInOnPhone('M001');
  const { page: mp, errors: managerErrors } = manager;
  // (Not E302: the shell tests lock that account on purpose.)
  const engineer = await signedInOnPhone('E301');
  const { page: ep, errors: engineerErrors } = engineer;
  const me = (await call(ep, 'GET', '/session')).json.user;
  const hiredOn = (await call(ep, 'GET', '/training/me')).json.hired_on;

  // A multi-answer scenario goes in through the API (the editor has its own test).
  const scenario = {
    id: crypto.randomUUID(),
    category: 'first aid',
    case: 'A guest collapses in the restaurant during dinner service.',
    prompt: 'Which of these do you do at once?',
    options: ['Call the first aider', 'Keep the space around the guest clear', 'Help the guest to stand up', 'Carry on serving'],
    key: { kind: 'multiple_choice', correct: [0, 1], rule: 'all_or_nothing' },
    explanation: 'Get help and give room; never move someone who collapsed.',
  };
  assert.equal((await call(mp, 'POST', '/training/questions', scenario)).status, 201);
  const bank = (await call(mp, 'GET', '/training/bank/export.json')).json;
  const byPrompt = (start) => bank.find((q) => q.prompt.startsWith(start));
  const owner = byPrompt('Who owns a complaint');
  const hours = byPrompt('Within how many hours do we promise');
  const engineering = (await call(mp, 'GET', '/departments')).json.find((d) => d.code === 'engineering');
  const coverageBefore = (await call(mp, 'GET', '/reports/training')).json.coverage.find((r) => r.department_id === engineering.id);

  // The editor: questions picked from the bank by category and by words, then ordered.
  await mp.locator('a[href="/training"]').first().click();
  await mp.locator('a[href="/training/quizzes"]').click();
  await mp.locator('.quiz-row', { hasText: QUIZ }).waitFor();
  await mp.locator('.new-quiz').click();
  await mp.waitForURL('**/training/quizzes/new');
  await mp.locator('#f-quiz_title').fill('Guest first aid');
  await choose(mp, '#f-bank-category', 'first aid (1)');
  await countIs(mp.locator('.bank-result'), 1, 'only the category asked for');
  await mp.locator('.bank-result', { hasText: scenario.prompt }).locator('.add-question').click();
  await mp.locator('#f-bank-category').selectOption({ label: 'All categories' });
  for (const [words, wanted] of [['complaint until it is closed', owner], ['negative online review', hours]]) {
    await mp.locator('#f-bank-search').fill(words);
    await countIs(mp.locator('.bank-result'), 1, `one question about "${words}"`);
    await mp.locator(`.bank-result[data-question="${wanted.id}"] .add-question`).click();
  }
  await mp.locator('#f-bank-search').fill('');
  await countIs(mp.locator('.chosen-question'), 3, 'three chosen');
  await mp.locator('.chosen-question').nth(2).locator('.move-up').click();
  await mp.locator(`.chosen-question:nth-child(2)[data-question="${hours.id}"]`).waitFor();
  const chosen = await mp.locator('.chosen-question').evaluateAll((rows) => rows.map((r) => r.dataset.question));
  assert.deepEqual(chosen, [scenario.id, hours.id, owner.id]);

  // A pass mark the server refuses is named next to its field; nothing is stored.
  await mp.locator('#f-quiz_pass_mark').fill('150');
  await mp.locator('#f-quiz_time_limit').fill('5');
  await mp.locator('#f-quiz_max_attempts').fill('2');
  await mp.locator('#f-quiz_certify').check();
  await mp.locator('#f-quiz_certificate_months').fill('12');
  await mp.locator('.save-quiz').click();
  await mp.locator('#f-quiz_pass_mark-err', { hasText: 'out of range' }).waitFor();
  assert.ok(mp.url().endsWith('/training/quizzes/new'), 'still the new quiz');
  await fitsThePhone(mp, 'the quiz editor');
  await mp.locator('#f-quiz_pass_mark').fill('60');
  await mp.locator('.save-quiz').click();
  await mp.waitForURL(/\/training\/quizzes\/[0-9a-f-]{36}$/);
  const quizId = mp.url().split('/').pop();
  const stored = (await call(mp, 'GET', `/training/quizzes/${quizId}`)).json;
  assert.equal(stored.title, 'Guest first aid');
  assert.deepEqual(stored.selection, { mode: 'fixed', question_ids: chosen });
  assert.deepEqual(
    [stored.pass_mark, stored.time_limit_mins, stored.max_attempts, stored.certificate_months, stored.review],
    [60, 5, 2, 12, 'after_each_attempt'],
  );
  // The saved quiz reads back into the editor.
  assert.equal(await mp.locator('#f-quiz_pass_mark').inputValue(), '60');
  assert.equal(await mp.locator('.chosen-question').count(), 3);

  // Assigned to the engineer from the quiz's own page.
  await mp.locator(`#f-assign-quiz option[value="${quizId}"]`).waitFor({ state: 'attached' });
  assert.equal(await mp.locator('#f-assign-quiz').inputValue(), quizId);
  await mp.locator('.assign .btn-segment', { hasText: 'Person' }).click();
  await choose(mp, '#f-assign-department', 'Engineering');
  await choose(mp, '#f-assign-person', 'Peter Fung');
  await mp.locator('.assign-form button[type=submit]').click();
  await mp.locator('.assign .notice-success').waitFor();
  await fitsThePhone(mp, 'the saved quiz');

  // The engineer takes it: checkboxes for the multi-answer scenario, and it counts.
  await ep.locator('a[href="/training"]').first().click();
  await ep.locator('.training-item', { hasText: 'Guest first aid' }).locator('.start-quiz').click();
  await ep.waitForURL(/\/training\/attempts\/[0-9a-f-]{36}$/);
  const attemptId = ep.url().split('/').pop();
  const open = await call(ep, 'GET', `/training/attempts/${attemptId}`);
  assert.deepEqual(open.json.questions.map((q) => [q.kind, q.multiple]), [
    ['scenario', true],
    ['numeric', false],
    ['single_choice', false],
  ]);
  assert.ok(!JSON.stringify(open.json).includes('correct'), 'no key before grading');
  await ep.locator('.countdown').waitFor();
  await ep.locator('.question .case', { hasText: scenario.case }).waitFor();
  assert.equal(await ep.locator('.answers input[type=checkbox]').count(), 4);
  for (let n = 0; n < 3; n += 1) {
    await ep.locator(`.question-card[data-position="${n}"]`).waitFor();
    if (n === 1) assert.equal(await ep.locator('.answers input[type=checkbox]').count(), 0, 'a number, no boxes');
    await answerRightly(ep, bank);
    await fitsThePhone(ep, `question ${n + 1}`);
    if (n < 2) await ep.locator('.nav-next').click();
  }
  await ep.locator('.hand-in').click();
  await ep.locator('.confirm-yes').click();
  await seeFullMarksWithCertificate(ep);

  // An onboarding plan: the new quiz at day 7 and the first-week standards at day 30.
  await mp.locator('a[href="/training"]').first().click();
  await mp.locator('a[href="/training/plans"]').click();
  await mp.locator('.plan-row', { hasText: '90-day onboarding' }).waitFor();
  await mp.locator('.new-plan').click();
  await choose(mp, '#f-step-quiz-0', 'Guest first aid');
  await mp.locator('#f-step-day-0').fill('7');
  await mp.locator('.add-step').click();
  await choose(mp, '#f-step-quiz-1', 'First-week standards');
  await mp.locator('#f-step-day-1').fill('30');
  await mp.locator('.save-plan').click();
  await mp.locator('#f-plan_name-err', { hasText: 'required' }).waitFor();
  await mp.locator('#f-plan_name').fill('Engineering first months');
  await mp.locator('.save-plan').click();
  await mp.waitForURL(/\/training\/plans\/[0-9a-f-]{36}$/);
  await choose(mp, '#f-plan-department', 'Engineering');
  await choose(mp, '#f-plan-person', 'Peter Fung');
  await mp.locator('.add-to-plan').click();
  const member = mp.locator(`.plan-member[data-staff="${me.id}"]`);
  await member.waitFor();
  const dayAfterHire = (days) => {
    const d = new Date(`${hiredOn}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  assert.equal(await member.locator('.member-due[data-day="7"] .due-date').textContent(), dayAfterHire(7));
  assert.equal(await member.locator('.member-due[data-day="30"] .due-date').textContent(), dayAfterHire(30));
  // Moving a step moves his due date.
  await mp.locator('#f-step-day-1').fill('45');
  await mp.locator('.save-plan').click();
  await mp.locator('.plan-form .notice-success').waitFor();
  await member.locator('.member-due[data-day="45"] .due-date', { hasText: dayAfterHire(45) }).waitFor();
  await fitsThePhone(mp, 'the onboarding plan');
  const planned = (await call(ep, 'GET', '/training/me')).json.items.find((i) => i.quiz_title === 'First-week standards');
  assert.deepEqual([planned.source, planned.due_on], ['onboarding', dayAfterHire(45)]);

  // The report's row for him opens his history, with the attempt and the certificate.
  await mp.locator('a[href="/training"]').first().click();
  await mp.locator('a[href="/training/report"]').click();
  await choose(mp, '#f-training-department', 'Engineering');
  const coverage = mp.locator(`.coverage tr[data-department="${engineering.id}"]`);
  await coverage.locator('.cover-passed', { hasText: new RegExp(`^${coverageBefore.passed + 1}$`) }).waitFor();
  const row = mp.locator(`.people-coverage tr[data-staff="${me.id}"]`);
  await row.waitFor();
  await countIs(mp.locator('.people-coverage .person-row'), 3, "engineering's three people");
  assert.equal(await row.locator('.cover-passed').textContent(), '1');
  await row.locator('.person-link').click();
  await mp.waitForURL(`**/training/people/${me.id}`);
  await mp.locator('h1', { hasText: 'Peter Fung' }).waitFor();
  const attempt = mp.locator(`.history-attempt[data-attempt="${attemptId}"]`);
  await attempt.waitFor();
  assert.equal(await attempt.getAttribute('data-passed'), 'true');
  assert.equal(await attempt.locator('.attempt-score').textContent(), '100%');
  await mp.locator('.certificate', { hasText: 'Guest first aid' }).waitFor();
  await mp.locator('.history-item[data-status="passed"]', { hasText: 'Guest first aid' }).waitFor();
  await fitsThePhone(mp, 'the history');

  // The quiz list comes 20 at a time: a hotel with more sees the rest on request.
  let total = (await call(mp, 'GET', '/training/quizzes?limit=1')).json.total;
  for (; total <= 20; total += 1) {
    const more = { ...stored, id: crypto.randomUUID(), title: `Refresher ${String(total).padStart(2, '0')}` };
    assert.equal((await call(mp, 'POST', '/training/quizzes', more)).status, 201);
  }
  await mp.goto(`${BASE}/training/quizzes`);
  await mp.locator('.show-more', { hasText: `Show more (20 of ${total})` }).waitFor();
  assert.equal(await mp.locator('.quiz-row').count(), 20);
  await mp.locator('.show-more').click();
  await countIs(mp.locator('.quiz-row'), total, 'every quiz after "Show more"');
  assert.equal(await mp.locator('.show-more').count(), 0, 'nothing more to show');
  assert.deepEqual(unexpected(managerErrors), []);
  assert.deepEqual(unexpected(engineerErrors), []);
});
