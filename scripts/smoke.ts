import { loadKnowledge } from '../src/graph/knowledge.js';
import { Assessor } from '../src/domain/assess.js';
const t0 = performance.now();
const k = loadKnowledge();
const t1 = performance.now();
console.log('load ms', (t1-t0).toFixed(0), 'quads', k.quads.length, 'obligations', k.obligations.size, 'concepts', k.concepts.size, 'rules', k.rules.length, 'fields', k.fields.length, 'versions', k.lawVersions.length);
const a = new Assessor(k);
const r = a.assess({ name: 'CV screener', roles: ['deployer','provider'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] }, { asOf: '2026-11-28' });
console.log(JSON.stringify(r, null, 1).slice(0, 3000));
