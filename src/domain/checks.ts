import type { Lang } from '../graph/graph-view.js';
import type { Facts } from '../rules/evaluator.js';
import type { CheckRef, EvidenceRef } from './assessment-types.js';

/** Supplies the checks and evidence an obligation needs, from the mapping sets (see technique-index.ts). */
export interface ChecksIndex {
  forObligation(obligationId: string, facts: Facts, lang: Lang): { checks: CheckRef[]; evidence: EvidenceRef[] };
}

export const NO_CHECKS: ChecksIndex = {
  forObligation: () => ({ checks: [], evidence: [] }),
};
