import { LineCounter, parseDocument } from 'yaml';
import type { SourceFile } from '../graph/source-files.js';
import { RuleFileSchema, type LocalText, type Rule } from './rule-schema.js';
import type { LangText } from '../graph/graph-view.js';
import { RegkgError } from '../errors.js';

export interface LoadedRule extends Rule {
  /** The file and line the rule was read from, for error messages and provenance. */
  source: { path: string; line: number };
  /** Its texts in every language (English where a translation is missing). */
  text: { label: LangText; reason?: LangText; outOfScope?: LangText; warning?: LangText };
}

/** Every language, English where a translation is missing. */
export function langText(t: LocalText): LangText {
  if (typeof t === 'string') return { en: t, fr: t, de: t };
  return { en: t.en, fr: t.fr ?? t.en, de: t.de ?? t.en };
}

/** Parses and validates rule files; an error names the file, line and rule. */
export function loadRules(files: readonly SourceFile[]): LoadedRule[] {
  const out: LoadedRule[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    if (file.kind !== 'rules') continue;
    const lines = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter: lines });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new RegkgError('RULE_INVALID', { where: `${file.path}:${e.linePos?.[0]?.line ?? 0}`, detail: e.message });
    }
    const parsed = RuleFileSchema.safeParse(doc.toJS());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new RegkgError('RULE_INVALID', { where: `${file.path} at ${issue.path.join('.')}`, detail: issue.message });
    }
    const seq = doc.get('rules', true) as { items: { range?: [number, number, number] }[] };
    parsed.data.rules.forEach((rule, i) => {
      const offset = seq.items[i]?.range?.[0] ?? 0;
      const line = lines.linePos(offset).line;
      const prev = seen.get(rule.id);
      if (prev) throw new RegkgError('RULE_INVALID', { where: `${file.path}:${line}`, detail: `rule id ${rule.id} already defined at ${prev}` });
      seen.set(rule.id, `${file.path}:${line}`);
      out.push({
        ...rule,
        source: { path: file.path, line },
        text: {
          label: langText(rule.label),
          ...(rule.notApplicable ? { reason: langText(rule.notApplicable.reason) } : {}),
          ...(rule.outOfScope ? { outOfScope: langText(rule.outOfScope) } : {}),
          ...(rule.warning ? { warning: langText(rule.warning) } : {}),
        },
      });
    });
  }
  return out;
}
