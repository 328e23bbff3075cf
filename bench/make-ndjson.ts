/** Writes N realistic profiles as NDJSON to stdout: npx tsx bench/make-ndjson.ts 100000 > /tmp/profiles.ndjson */
import { makeProfiles } from './profiles.js';

const n = Number(process.argv[2] ?? 100_000);
const out: string[] = [];
for (const p of makeProfiles(n, 7)) out.push(JSON.stringify(p));
process.stdout.write(`${out.join('\n')}\n`);
