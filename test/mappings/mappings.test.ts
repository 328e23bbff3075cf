import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NS, RDF_TYPE } from '../../src/graph/namespaces.js';
import { REPO_ROOT } from '../../src/graph/source-files.js';
import { sharedCore } from '../support/core.js';

const core = sharedCore();
const k = core.k;
const ALIGNMENTS = ['mappings/regkg-dpv-aiact.sssom.tsv', 'mappings/regkg-airo.sssom.tsv', 'mappings/regkg-vair.sssom.tsv'];
const exists = (iri: string): boolean => k.view.objects(iri, RDF_TYPE).length > 0;

describe('SSSOM mapping sets', () => {
  it('loads every mapping set with rows that carry predicate, justification, author, date and a confidence in [0, 1]', () => {
    expect(k.mappingSets.length).toBeGreaterThanOrEqual(12);
    for (const set of k.mappingSets) {
      expect(set.rows.length, set.path).toBeGreaterThan(0);
      for (const r of set.rows) {
        const where = `${set.path}:${r.line}`;
        expect(r.predicate, where).toMatch(/^https?:\/\//);
        expect(r.justification, where).toMatch(/^https:\/\/w3id.org\/semapv\/vocab\//);
        expect(r.author, where).not.toBe('');
        expect(r.date, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (r.confidence !== undefined) expect(r.confidence >= 0 && r.confidence <= 1, where).toBe(true);
      }
    }
  });

  it('aligns only concepts that exist in our graph to terms that exist in the pinned extracts', () => {
    const imports = new Set(k.quads.filter((q) => q.graph.value.startsWith(`${NS.graph}ontology/imports/`)).map((q) => q.subject.value));
    for (const path of ALIGNMENTS) {
      const set = k.mappingSets.find((s) => s.path === path)!;
      expect(set, path).toBeDefined();
      for (const r of set.rows) {
        expect(k.concepts.has(r.subject) || exists(r.subject), `${path}:${r.line} subject ${r.subject}`).toBe(true);
        expect(imports.has(r.object), `${path}:${r.line} target ${r.object}`).toBe(true);
      }
    }
  });

  it('keeps the pinned extracts identical to what the reference vocabularies give', () => {
    const reference = join(REPO_ROOT, '../shared/reference/vocabularies');
    if (!existsSync(reference)) return; // the references sit beside the repository on the team's machines and in CI
    expect(() => execFileSync('node', ['scripts/extract-imports.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('maps obligations only to techniques and evidence types that exist', () => {
    for (const set of k.mappingSets) {
      for (const r of set.rows) {
        if (!r.subject.startsWith(NS.obl) && !r.subject.startsWith(NS.tech)) continue;
        const where = `${set.path}:${r.line}`;
        if (r.subject.startsWith(NS.obl)) expect(k.obligations.has(r.subject.slice(NS.obl.length)), `${where} ${r.subject}`).toBe(true);
        else expect(core.techniques.techniques.has(r.subject.slice(NS.tech.length)), `${where} ${r.subject}`).toBe(true);
        if (r.object.startsWith(NS.tech)) expect(core.techniques.techniques.has(r.object.slice(NS.tech.length)), `${where} ${r.object}`).toBe(true);
        if (r.object.startsWith(NS.ev)) expect(core.techniques.evidence.has(r.object.slice(NS.ev.length)), `${where} ${r.object}`).toBe(true);
      }
    }
  });

  it('maps every high-risk provider duty, every Art 50 duty and every GPAI duty to a technique or an evidence type', () => {
    const needs = [...k.obligations.values()].filter(
      (o) =>
        (o.bearers.includes('provider') && o.appliesWhen.some((c) => c.startsWith('hr-'))) ||
        o.legalBasis.some((b) => b.startsWith(`${NS.aia}art_50`)) ||
        o.bearers.includes('gpai-model-provider'),
    );
    expect(needs.length).toBeGreaterThan(60);
    const unmapped = needs.filter((o) => core.techniques.techniquesFor(o.id).length === 0 && core.techniques.evidenceFor(o.id).length === 0).map((o) => o.id);
    expect(unmapped).toEqual([]);
  });

  it('records version, source and identifier status for every crosswalk target', () => {
    const targets = (parse(readFileSync(join(REPO_ROOT, 'mappings/targets.yaml'), 'utf8')) as { targets: Record<string, unknown>[] }).targets;
    expect(targets.length).toBeGreaterThanOrEqual(6);
    for (const t of targets) {
      expect(t.version, String(t.id)).toBeTruthy();
      expect(t.source, String(t.id)).toMatch(/^https?:\/\//);
      expect(['verified', 'partially-verified', 'unverified']).toContain(t.identifier_status);
      expect(existsSync(join(REPO_ROOT, String(t.mapping_file))), String(t.mapping_file)).toBe(true);
    }
  });
});
