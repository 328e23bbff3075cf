import type { Assessment, AssessedObligation } from './assessment-types.js';

/**
 * Fast JSON for assessments. Duties in one assessment share explanation chains, and assessments share legal-basis,
 * check and evidence lists and question lists: each such piece is stringified once (natively) and spliced in.
 * Objects marked with frozenJson() keep their JSON for the life of the process. The output is byte-identical to
 * JSON.stringify(assessment) (a test checks it).
 */
const immutable = new WeakSet<object>();

/** Marks an object (and promises never to change it) so its JSON is computed once per process. */
export function frozenJson<T extends object>(o: T): T {
  immutable.add(o);
  return o;
}

/**
 * JSON text per object for one way of writing it (the full contract, the compact view's id lists…): kept for the
 * life of the process for objects marked frozenJson(), for one call (the `local` map) otherwise.
 */
export class JsonPieces {
  private readonly kept = new WeakMap<object, string>();

  get(o: object, local: Map<object, string>, write: (o: object) => string): string {
    let s = this.kept.get(o) ?? local.get(o);
    if (s === undefined) {
      s = write(o);
      if (immutable.has(o)) this.kept.set(o, s);
      else local.set(o, s);
    }
    return s;
  }
}

const fullPieces = new JsonPieces();
const stringify = (o: object): string => JSON.stringify(o);
const piece = (o: object, local: Map<object, string>): string => fullPieces.get(o, local, stringify);

const str = JSON.stringify;

const heads = new Map<string, string>();

function obligationJson(o: AssessedObligation, local: Map<object, string>): string {
  const hk = `${o.id}\u0000${o.role}\u0000${o.label}\u0000${o.summary}`;
  let head = heads.get(hk);
  if (head === undefined) {
    head =
      `{"id":${str(o.id)},"iri":${str(o.iri)},"label":${str(o.label)},"summary":${str(o.summary)},"role":${str(o.role)},` +
      `"deontic":${str(o.deontic)},"legalBasis":${piece(o.legalBasis, local)},`;
    if (heads.size < 50_000) heads.set(hk, head);
  }
  return (
    `${head}"appliesFrom":${str(o.appliesFrom)},"inForce":${o.inForce},` +
    `"because":${piece(o.because, local)},"checks":${piece(o.checks, local)},"evidence":${piece(o.evidence, local)}}`
  );
}

/** The assessment as JSON, with shared pieces written once. Key order follows the Assessment contract. */
export function assessmentJson(a: Assessment): string {
  const local = new Map<object, string>();
  let obligations = '[';
  for (let i = 0; i < a.obligations.length; i++) obligations += (i ? ',' : '') + obligationJson(a.obligations[i]!, local);
  obligations += ']';
  return (
    `{"inScope":${a.inScope},"outOfScopeReasons":${str(a.outOfScopeReasons)},"riskClasses":${str(a.riskClasses)},` +
    `"obligations":${obligations},"notApplicable":${str(a.notApplicable)},"questions":${piece(a.questions, local)},` +
    `"timeline":${str(a.timeline)},"lawVersion":${str(a.lawVersion)},"asOf":${str(a.asOf)},"knowledgeVersion":${str(a.knowledgeVersion)},` +
    `"warnings":${str(a.warnings)}}`
  );
}
