import type { Lang } from '../graph/graph-view.js';
import type { FactValue } from '../rules/evaluator.js';
import type { CheckRef, EvidenceRef } from './assessment-types.js';

/** What a checks index may look at: the profile's facts and the conditions the rules derived. */
export interface ChecksContext {
  facts: ReadonlyMap<string, FactValue>;
  derived: ReadonlyMap<string, unknown>;
  /** A key for everything the index reads from the context, when it supports memoising (see contextKey). */
  key?: string;
}

/** Supplies the checks and evidence an obligation needs (implemented from the mapping sets by TechniqueIndex). */
export interface ChecksIndex {
  forObligation(obligationId: string, ctx: ChecksContext, lang: Lang): { checks: CheckRef[]; evidence: EvidenceRef[] };
  /** Optional: a string that identifies everything forObligation reads from a context. */
  contextKey?(ctx: ChecksContext): string;
}

export const NO_CHECKS: ChecksIndex = {
  forObligation: () => ({ checks: [], evidence: [] }),
};
