import type { Lang } from '../graph/graph-view.js';
import type { FactValue } from '../rules/evaluator.js';
import type { CheckRef, EvidenceRef } from './assessment-types.js';

/** What a checks index may look at: the profile's facts and the conditions the rules derived. */
export interface ChecksContext {
  facts: ReadonlyMap<string, FactValue>;
  derived: ReadonlyMap<string, unknown>;
  /** Per assessment: technique id → its check for this system, or null when the technique does not fit it. */
  techniques?: Map<string, CheckRef | null>;
}

/** Supplies the checks and evidence an obligation needs (implemented from the mapping sets by TechniqueIndex). */
export interface ChecksIndex {
  forObligation(obligationId: string, ctx: ChecksContext, lang: Lang): { checks: CheckRef[]; evidence: EvidenceRef[] };
}

export const NO_CHECKS: ChecksIndex = {
  forObligation: () => ({ checks: [], evidence: [] }),
};
