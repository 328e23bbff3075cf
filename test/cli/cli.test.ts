import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/graph/source-files.js';
import { makeProfiles } from '../../bench/profiles.js';

const BIN = join(REPO_ROOT, 'bin/regkg.js');
const run = (args: string[], input?: string) => spawnSync('node', [BIN, ...args], { cwd: REPO_ROOT, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const dir = mkdtempSync(join(tmpdir(), 'regkg-cli-'));

describe('regkg CLI', () => {
  it('assesses a profile file as JSON and as Turtle with provenance', () => {
    const file = join(dir, 'cv.json');
    writeFileSync(file, JSON.stringify({ name: 'CV screener', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] }));
    const json = run(['assess', file, '--as-of', '2026-11-28']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).riskClasses).toEqual(['high-risk']);
    const ttl = run(['assess', file, '--as-of', '2026-11-28', '--format', 'turtle']);
    const quads = new N3.Parser().parse(ttl.stdout);
    expect(quads.some((q) => q.predicate.value === 'http://www.w3.org/ns/prov#wasGeneratedBy')).toBe(true);
    expect(quads.some((q) => q.object.value === 'https://w3id.org/regkg/rule/deployer-employer')).toBe(true);
  });

  it('assesses NDJSON in bulk, one line out per line in, rejecting bad lines without stopping', () => {
    const lines = makeProfiles(300).map((p) => JSON.stringify(p));
    lines.splice(10, 0, '{"name":"bad","roles":["king"]}', 'not json');
    const out = run(['assess', '--bulk', '-', '--as-of', '2026-11-28'], `${lines.join('\n')}\n`);
    expect(out.status).toBe(0);
    const results = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(results).toHaveLength(302);
    expect(results[10].error.code).toBe('UNKNOWN_ID');
    expect(results[11].error.code).toBe('PARSE');
    expect(results.filter((r) => r.riskClasses).length).toBe(300);
    expect(out.stderr).toMatch(/302 profiles assessed .* 2 rejected/);
  });

  it('writes the same conclusions in bulk in every view, refs by default, and refuses an unknown view', () => {
    const lines = `${makeProfiles(40, 7).map((p) => JSON.stringify(p)).join('\n')}\n`;
    const parse = (args: string[]) => {
      const out = run(['assess', '--bulk', '-', '--as-of', '2026-11-28', ...args], lines);
      expect(out.status).toBe(0);
      return out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    };
    const full = parse(['--view', 'full']);
    const refs = parse([]);
    expect(refs).toEqual(parse(['--view', 'refs']));
    expect(refs.map((r) => r.obligations.map((o: { id: string; checks: string[] }) => [o.id, o.checks]))).toEqual(full.map((a) => a.obligations.map((o: { id: string; checks: { technique: string }[] }) => [o.id, o.checks.map((c) => c.technique)])));
    const summary = parse(['--summary']);
    const compact = parse(['--compact']);
    expect(summary.map((s) => s.obligations)).toEqual(full.map((a) => a.obligations.map((o: { id: string; role: string; appliesFrom: string; inForce: boolean }) => ({ id: o.id, role: o.role, appliesFrom: o.appliesFrom, inForce: o.inForce }))));
    expect(compact.map((c) => c.obligations.map((o: { because: string[] }) => o.because))).toEqual(full.map((a) => a.obligations.map((o: { because: { rule: string }[] }) => o.because.map((b) => b.rule))));
    expect(compact.every((c) => c.explanations && !c.obligations.some((o: { summary?: string }) => 'summary' in o))).toBe(true);
    const bad = run(['assess', '--bulk', '-', '--view', 'tiny'], lines);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--view must be one of refs, full, compact, summary/);
  });

  it('prints knowledge statistics and validates the graph', () => {
    const stats = JSON.parse(execFileSync('node', [BIN, 'kg', 'stats'], { cwd: REPO_ROOT, encoding: 'utf8' }));
    expect(stats.obligations).toBeGreaterThan(150);
    expect(stats.lawVersions).toEqual(['aia-2024', 'aia-2026']);
    const v = run(['kg', 'validate']);
    expect(v.stdout).toMatch(/SHACL: 0 violation/);
    expect(v.status).toBe(0);
  });

  it('answers a SPARQL query from the command line', () => {
    const r = run(['sparql', 'SELECT (COUNT(?o) AS ?n) WHERE { ?o a <https://w3id.org/regkg/ontology#Obligation> }']);
    expect(r.status).toBe(0);
    expect(Number(JSON.parse(r.stdout).results.bindings[0].n.value)).toBeGreaterThan(150);
  });

  it('exports the whole graph as a file that parses back', () => {
    const file = join(dir, 'dump.nq');
    const r = run(['export', '--format', 'nq', '--out', file]);
    expect(r.status).toBe(0);
    const quads = new N3.Parser({ format: 'N-Quads' }).parse(readFileSync(file, 'utf8'));
    expect(quads.length).toBeGreaterThan(30_000);
    expect(new Set(quads.map((q) => q.graph.value)).size).toBeGreaterThan(40);
    expect(run(['export', '--format', 'xml']).stderr).toMatch(/expected one of ttl, nt, nq, jsonld, rdf/);
  });

  it('says what is wrong with a bad command', () => {
    const r = run(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command frobnicate/);
  });
});
