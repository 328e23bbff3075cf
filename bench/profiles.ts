/**
 * A deterministic mix of realistic profiles for benchmarks: CV screeners, credit scoring, chatbots, deep-fake
 * generators, medical devices, machinery, GPAI models, out-of-scope research tools, prohibited practices.
 */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ANNEX_III = ['annex-iii-1a', 'annex-iii-1b', 'annex-iii-1c', 'annex-iii-2', 'annex-iii-3a', 'annex-iii-3b', 'annex-iii-3c', 'annex-iii-3d', 'annex-iii-4a', 'annex-iii-4b', 'annex-iii-5a', 'annex-iii-5b', 'annex-iii-5c', 'annex-iii-5d', 'annex-iii-6a', 'annex-iii-6b', 'annex-iii-6c', 'annex-iii-6d', 'annex-iii-6e', 'annex-iii-7a', 'annex-iii-7b', 'annex-iii-7c', 'annex-iii-7d', 'annex-iii-8a', 'annex-iii-8b'];
const ANNEX_I = ['machinery', 'toys', 'lifts', 'medical-devices', 'in-vitro-diagnostic-medical-devices', 'radio-equipment', 'civil-aviation', 'motor-vehicles', 'marine-equipment'];
const CONTEXTS = ['public-authority', 'public-service-provider', 'employer-workplace', 'financial-institution', 'law-enforcement', 'migration-authority', 'judicial-authority'];
const TRIGGERS = ['interacts-with-natural-persons', 'generates-synthetic-content', 'emotion-recognition', 'biometric-categorisation', 'deep-fake', 'public-interest-text'];
const SECTORS = ['finance', 'energy', 'cybersecurity', 'space', 'health', 'public-sector', 'education', 'employment', 'other'];
const PRACTICES = ['subliminal-manipulation', 'social-scoring', 'crime-risk-profiling', 'emotion-recognition-workplace-education', 'non-consensual-intimate-imagery'];

export function makeProfiles(n: number, seed = 42): Record<string, unknown>[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => r() < p);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r();
    const roles = r() < 0.5 ? ['provider'] : r() < 0.7 ? ['deployer'] : ['provider', 'deployer'];
    const p: Record<string, unknown> = { name: `system-${i}`, roles, sector: pick(SECTORS) };
    if (kind < 0.35) {
      p.annexIIIUseCases = [pick(ANNEX_III)];
      p.deployerContext = some(CONTEXTS, 0.25);
      if (r() < 0.2) p.derogationConditions = ['preparatory-task'];
      if (r() < 0.5) p.profilesNaturalPersons = r() < 0.5;
    } else if (kind < 0.5) {
      p.transparencyTriggers = some(TRIGGERS, 0.35);
      if ((p.transparencyTriggers as string[]).length === 0) p.transparencyTriggers = ['interacts-with-natural-persons'];
    } else if (kind < 0.62) {
      p.annexIProduct = { legislation: pick(ANNEX_I), safetyComponentOrProduct: r() < 0.8, thirdPartyConformityAssessment: r() < 0.7 };
      if (r() < 0.3) p.roles = ['product-manufacturer'];
    } else if (kind < 0.72) {
      p.roles = ['provider'];
      p.gpaiModel = { trainingComputeFlop: r() < 0.3 ? 3e25 : 4e23, openWeights: r() < 0.4 };
      p.establishedInEU = r() < 0.6;
      p.transparencyTriggers = ['generates-synthetic-content'];
    } else if (kind < 0.77) {
      p.prohibitedPractices = [pick(PRACTICES)];
    } else if (kind < 0.82) {
      p.scopeExclusions = ['scientific-research-only'];
    } else if (kind < 0.87) {
      p.roles = [pick(['importer', 'distributor', 'authorised-representative'])];
      p.annexIIIUseCases = [pick(ANNEX_III)];
      if (r() < 0.3) p.roleChanges = ['substantial-modification'];
    } else {
      p.description = 'A recommender with no regulated use';
    }
    if (r() < 0.1) p.placedOnMarketBefore = '2025-03-01';
    out.push(p);
  }
  return out;
}
