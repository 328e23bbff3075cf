import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Assessment } from './assessment-types.js';
import type { TechniqueIndex } from './technique-index.js';
import type { Lang } from '../graph/graph-view.js';

/** The configurator-ready test plan (JSON). Its JSON Schema is generated from this zod schema. */
export const PlanSchema = z.object({
  planVersion: z.literal('1'),
  system: z.string(),
  asOf: z.string(),
  lawVersion: z.string(),
  knowledgeVersion: z.string(),
  riskClasses: z.array(z.string()),
  obligations: z.array(z.object({ id: z.string(), role: z.string(), appliesFrom: z.string(), inForce: z.boolean() })),
  suites: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      checks: z.array(
        z.object({
          id: z.string(),
          technique: z.string(),
          label: z.string(),
          automation: z.string(),
          parameters: z.record(z.string(), z.unknown()),
          produces: z.array(z.string()),
          obligations: z.array(z.object({ id: z.string(), role: z.string(), appliesFrom: z.string(), inForce: z.boolean() })),
          dueBy: z.string(),
        }),
      ),
    }),
  ),
  evidence: z.array(
    z.object({
      evidence: z.string(),
      label: z.string(),
      producedBy: z.array(z.string()),
      obligations: z.array(z.string()),
      provisions: z.array(z.string()),
      dueBy: z.string(),
    }),
  ),
});
export type Plan = z.infer<typeof PlanSchema>;

/** Groups the checks of an assessment into suites by the property they test, with their obligations and deadlines. */
export function buildPlan(a: Assessment, systemName: string, techniques: TechniqueIndex, lang: Lang = 'en'): Plan {
  const checks = new Map<string, Plan['suites'][number]['checks'][number]>();
  const evidence = new Map<string, Plan['evidence'][number]>();
  for (const o of a.obligations) {
    const ref = { id: o.id, role: o.role, appliesFrom: o.appliesFrom, inForce: o.inForce };
    for (const c of o.checks) {
      const key = `${c.technique}\u0000${JSON.stringify(c.parameters)}`;
      const existing = checks.get(key);
      if (existing) {
        if (!existing.obligations.some((x) => x.id === o.id && x.role === o.role)) existing.obligations.push(ref);
        if (o.appliesFrom < existing.dueBy) existing.dueBy = o.appliesFrom;
      } else {
        checks.set(key, { id: '', technique: c.technique, label: c.label, automation: c.automation, parameters: c.parameters, produces: c.produces, obligations: [ref], dueBy: o.appliesFrom });
      }
    }
    for (const e of o.evidence) {
      const existing = evidence.get(e.evidence);
      if (existing) {
        if (!existing.obligations.includes(o.id)) existing.obligations.push(o.id);
        for (const pr of o.legalBasis.map((b) => b.iri)) if (!existing.provisions.includes(pr)) existing.provisions.push(pr);
        if (o.appliesFrom < existing.dueBy) existing.dueBy = o.appliesFrom;
      } else {
        evidence.set(e.evidence, { evidence: e.evidence, label: e.label, producedBy: e.producedBy, obligations: [o.id], provisions: o.legalBasis.map((b) => b.iri), dueBy: o.appliesFrom });
      }
    }
  }
  const suites = new Map<string, Plan['suites'][number]>();
  for (const c of [...checks.values()].sort((x, y) => (x.technique < y.technique ? -1 : x.technique > y.technique ? 1 : 0))) {
    const t = techniques.techniques.get(c.technique);
    const suiteId = t?.properties[0] ?? 'other';
    const suite = suites.get(suiteId) ?? { id: suiteId, label: suiteLabel(techniques, suiteId, lang), checks: [] };
    c.id = `${suiteId}/${c.technique}${suite.checks.some((x) => x.technique === c.technique) ? `-${suite.checks.length + 1}` : ''}`;
    c.obligations.sort((x, y) => (x.id + x.role < y.id + y.role ? -1 : 1));
    suite.checks.push(c);
    suites.set(suiteId, suite);
  }
  return {
    planVersion: '1',
    system: systemName,
    asOf: a.asOf,
    lawVersion: a.lawVersion.id,
    knowledgeVersion: a.knowledgeVersion,
    riskClasses: a.riskClasses,
    obligations: a.obligations.map((o) => ({ id: o.id, role: o.role, appliesFrom: o.appliesFrom, inForce: o.inForce })),
    suites: [...suites.values()].sort((x, y) => (x.id < y.id ? -1 : 1)),
    evidence: [...evidence.values()].map((e) => ({ ...e, obligations: e.obligations.sort(), provisions: e.provisions.sort() })).sort((x, y) => (x.evidence < y.evidence ? -1 : 1)),
  };
}

function suiteLabel(techniques: TechniqueIndex, property: string, lang: Lang): string {
  const c = techniques.k.conceptById.get(`trustworthiness-property/${property}`);
  return c ? c.label[lang] || c.label.en : property;
}

/** A deterministic UUID (version 5 layout) from a name: the same plan always gets the same identifiers. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`regkg:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The same plan as an OSCAL 1.1 assessment plan (JSON). */
export function planToOscal(plan: Plan): Record<string, unknown> {
  const root = `${plan.system}|${plan.asOf}|${plan.knowledgeVersion}`;
  const activities = plan.suites.flatMap((s) =>
    s.checks.map((c) => ({
      uuid: stableUuid(`${root}|activity|${c.id}`),
      title: c.label,
      description: `Run ${c.technique} (${c.automation === 'Automatable' ? 'automatable' : 'procedural'}); it serves ${c.obligations.map((o) => o.id).join(', ')}.`,
      props: [
        { name: 'technique', ns: 'https://w3id.org/regkg/ns/oscal', value: c.technique },
        { name: 'suite', ns: 'https://w3id.org/regkg/ns/oscal', value: s.id },
        { name: 'automation', ns: 'https://w3id.org/regkg/ns/oscal', value: c.automation },
        ...Object.entries(c.parameters).map(([k, v]) => ({ name: 'parameter', ns: 'https://w3id.org/regkg/ns/oscal', class: k, value: v === null ? 'unset' : typeof v === 'string' ? v : JSON.stringify(v) })),
      ],
      'related-controls': { 'control-selections': [{ 'include-controls': [...new Set(c.obligations.map((o) => o.id))].map((id) => ({ 'control-id': id })) }] },
    })),
  );
  const controlIds = [...new Set(plan.obligations.map((o) => o.id))].sort();
  const tasks = plan.suites.flatMap((s) =>
    s.checks.map((c) => ({
      uuid: stableUuid(`${root}|task|${c.id}`),
      type: 'action',
      title: `${c.label} (${s.label})`,
      timing: { 'on-date': { date: `${c.dueBy}T00:00:00Z` } },
      'associated-activities': [{ 'activity-uuid': stableUuid(`${root}|activity|${c.id}`), subjects: [{ type: 'component', 'include-all': {} }] }],
    })),
  );
  return {
    'assessment-plan': {
      uuid: stableUuid(`${root}|plan`),
      metadata: {
        title: `EU AI Act test plan for ${plan.system}`,
        'last-modified': `${plan.asOf}T00:00:00Z`,
        version: plan.knowledgeVersion,
        'oscal-version': '1.1.2',
        props: [
          { name: 'law-version', ns: 'https://w3id.org/regkg/ns/oscal', value: plan.lawVersion },
          { name: 'risk-classes', ns: 'https://w3id.org/regkg/ns/oscal', value: plan.riskClasses.join(' ') || 'none' },
        ],
        remarks: 'Generated by regkg from a system profile. Control ids are regkg obligation ids (https://w3id.org/regkg/obligation/...). Summaries are non-authoritative; EUR-Lex holds the text of Regulation (EU) 2024/1689.',
      },
      'import-ssp': { href: '#system-profile' },
      'local-definitions': activities.length ? { activities } : undefined,
      'reviewed-controls': {
        'control-selections': [
          controlIds.length
            ? { description: 'Obligations that apply to the system', 'include-controls': controlIds.map((id) => ({ 'control-id': id })) }
            : { description: 'No obligation applies to the system (see the assessment); the selection is empty in substance.', 'include-all': {}, remarks: 'OSCAL needs a selection; no regkg obligation applies.' },
        ],
      },
      ...(tasks.length ? { tasks } : {}),
    },
  };
}

/** The evidence checklist as CSV (RFC 4180). */
export function checklistCsv(plan: Plan): string {
  const esc = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [['evidence', 'label', 'produced_by', 'due_by', 'obligations', 'provisions', 'status']];
  for (const e of plan.evidence) rows.push([e.evidence, e.label, e.producedBy.join(' '), e.dueBy, e.obligations.join(' '), e.provisions.join(' '), 'missing']);
  return `${rows.map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`;
}
