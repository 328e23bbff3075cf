import { describe, it, expect } from 'vitest';
import { assessmentFingerprint, diffAssessments } from '../../src/store/assessment-diff.js';
import { evidenceItemId, parseEvidenceItemId, requirementsOf } from '../../src/store/required-evidence.js';
import { ifMatchMatches } from '../../src/store/etag.js';
import { sharedCore } from '../support/core.js';
import { PROFILES } from './store-contract.js';

const core = sharedCore();
const assess = (p: unknown, asOf: string) => core.assess(p, { asOf });

describe('diffAssessments', () => {
  it('finds nothing between an assessment and itself', () => {
    const a = assess(PROFILES.cvScreener, '2026-01-01');
    const d = diffAssessments(a, a);
    expect(d.changed).toBe(false);
    expect(d.knowledgeVersion.changed).toBe(false);
  });

  it('reports risk classes, duties and evidence added and removed when the profile changes', () => {
    const before = assess(PROFILES.spamFilter, '2026-01-01');
    const after = assess({ ...PROFILES.spamFilter, annexIIIUseCases: ['annex-iii-4a'] }, '2026-01-01');
    const d = diffAssessments(before, after);
    expect(d.changed).toBe(true);
    expect(d.riskClasses.added).toContain('high-risk');
    expect(d.duties.added.length).toBeGreaterThan(0);
    expect(d.duties.added.map((x) => x.id)).toContain('aia-art26-1');
    expect(d.evidence.added.length).toBeGreaterThan(0);
    const back = diffAssessments(after, before);
    expect(back.riskClasses.removed).toContain('high-risk');
    expect(back.duties.removed.map((x) => x.id)).toEqual(d.duties.added.map((x) => x.id));
  });

  it('reports duties coming into force and the law version moving with asOf', () => {
    const d = diffAssessments(assess(PROFILES.cvScreener, '2026-01-01'), assess(PROFILES.cvScreener, '2027-01-01'));
    expect(d.asOf).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(d.duties.nowInForce.length).toBeGreaterThan(0);
    expect(d.changed).toBe(true);
  });

  it('fingerprints equal outcomes equally', () => {
    const a = assess(PROFILES.cvScreener, '2026-01-01');
    expect(assessmentFingerprint(a)).toBe(assessmentFingerprint(assess(PROFILES.cvScreener, '2026-01-02')));
    expect(assessmentFingerprint(a)).not.toBe(assessmentFingerprint(assess(PROFILES.cvScreener, '2027-01-01')));
  });
});

describe('required evidence', () => {
  it('lists one item per obligation and evidence type, from the earliest role', () => {
    const a = assess({ ...PROFILES.cvScreener, roles: ['deployer', 'provider'] }, '2026-01-01');
    const reqs = requirementsOf(a);
    const ids = reqs.map((r) => evidenceItemId(r.obligationId, r.evidenceId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of reqs) {
      const dates = a.obligations.filter((o) => o.id === r.obligationId && o.evidence.some((e) => e.evidence === r.evidenceId)).map((o) => o.appliesFrom);
      expect(r.appliesFrom).toBe(dates.sort()[0]);
    }
  });

  it('round-trips item ids', () => {
    expect(parseEvidenceItemId(evidenceItemId('aia-art26-1', 'technical-documentation'))).toEqual({ obligationId: 'aia-art26-1', evidenceId: 'technical-documentation' });
    expect(parseEvidenceItemId('no-dot')).toBeUndefined();
  });
});

describe('If-Match', () => {
  it('compares strongly, accepts * and lists, and never matches a weak tag', () => {
    expect(ifMatchMatches('"a"', '"a"')).toBe(true);
    expect(ifMatchMatches('"b", "a"', '"a"')).toBe(true);
    expect(ifMatchMatches('*', '"a"')).toBe(true);
    expect(ifMatchMatches('W/"a"', '"a"')).toBe(false);
    expect(ifMatchMatches('"b"', '"a"')).toBe(false);
  });
});
