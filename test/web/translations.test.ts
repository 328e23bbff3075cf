import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Entry = string | Record<string, string>;
const dir = join(process.cwd(), 'public');
const load = (lang: string): Record<string, Entry> => JSON.parse(readFileSync(join(dir, 'i18n', `${lang}.json`), 'utf8')) as Record<string, Entry>;
const placeholders = (e: Entry): string[] => [...new Set((typeof e === 'string' ? [e] : Object.values(e)).flatMap((s) => s.match(/\{\w+\}/g) ?? []))].sort();

/** Keys the interface asks for literally: t('key'), tOr('key', …) and data-i18n attributes. */
function usedKeys(): Set<string> {
  const files = (sub: string): string[] => readdirSync(join(dir, sub), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join(dir, sub, f));
  const keys = new Set<string>();
  for (const f of files('js')) for (const m of readFileSync(f, 'utf8').matchAll(/\bt(?:Or)?\('([a-zA-Z]+\.[\w.]+)'/g)) keys.add(m[1]!);
  for (const m of readFileSync(join(dir, 'index.html'), 'utf8').matchAll(/data-i18n(?:-aria-label)?="([^"]+)"/g)) keys.add(m[1]!);
  return keys;
}

describe('interface translations', () => {
  const en = load('en');

  it.each(['fr', 'de'])('has every English key in %s, with the same placeholders and no empty text', (lang) => {
    const other = load(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      expect(placeholders(other[key]!).filter((p) => p !== '{count}'), `${lang} ${key}`).toEqual(placeholders(value).filter((p) => p !== '{count}'));
      for (const text of typeof other[key] === 'string' ? [other[key]] : Object.values(other[key]!)) expect(String(text).trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('defines every key the interface uses', () => {
    const missing = [...usedKeys()].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });
});
