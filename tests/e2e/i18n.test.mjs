// Every translation key exists in every language, and no translation is empty.
// Runs without a browser: `node --test i18n.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LOCALES = ['en', 'zh-Hant', 'zh-Hans'];
const dir = new URL('../../locales/', import.meta.url);

function load(locale) {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`${locale}.json`, dir)), 'utf8'));
}

/** `{a: {b: "x"}}` → `Map { "a.b" => "x" }`; nested objects are subkeys. */
function flatten(obj, prefix = '', out = new Map()) {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

/** The `{name}` placeholders of a translation, sorted. */
function placeholders(text) {
  return [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(load(l))]));

for (const locale of LOCALES) {
  test(`${locale}: no translation is empty`, () => {
    const empty = [...flat[locale]].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    assert.deepEqual(empty, [], `empty or non-text values in ${locale}.json`);
  });
}

for (const locale of LOCALES.filter((l) => l !== 'en')) {
  test(`${locale} has exactly the keys of en`, () => {
    const en = new Set(flat.en.keys());
    const other = new Set(flat[locale].keys());
    const missing = [...en].filter((k) => !other.has(k));
    const extra = [...other].filter((k) => !en.has(k));
    assert.deepEqual(missing, [], `keys of en.json missing in ${locale}.json`);
    assert.deepEqual(extra, [], `keys of ${locale}.json that en.json does not have`);
  });

  test(`${locale} uses the same placeholders as en`, () => {
    const wrong = [...flat.en]
      .filter(([k, v]) => flat[locale].has(k) && placeholders(v).join() !== placeholders(flat[locale].get(k)).join())
      .map(([k]) => k);
    assert.deepEqual(wrong, [], `translations whose {placeholders} differ from en.json`);
  });

  test(`${locale} is really translated`, () => {
    // Chinese text carries CJK characters; a value equal to English is a forgotten one.
    const untranslated = [...flat.en]
      .filter(([k, v]) => flat[locale].get(k) === v && !/^[\p{P}\p{S}\s\d]*$/u.test(v))
      .map(([k]) => k);
    assert.deepEqual(untranslated, [], `values copied from en.json into ${locale}.json`);
  });
}

test('Traditional and Simplified Chinese are not the same file', () => {
  const same = [...flat['zh-Hant']].filter(([k, v]) => /\p{Script=Han}/u.test(v) && flat['zh-Hans'].get(k) === v);
  // Some short strings are written alike in both scripts (e.g. 取消); most differ.
  assert.ok(same.length < flat['zh-Hant'].size / 2, `${same.length} identical Han strings`);
});
