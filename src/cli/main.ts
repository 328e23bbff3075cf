import { parseArgs } from 'node:util';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ASSESSMENT_VIEWS, createCore, today, type AssessmentView } from '../core.js';
import { RegkgError } from '../errors.js';
import { validateKnowledge } from '../graph/validate.js';
import { knowledgeStats } from '../graph/stats.js';
import { coverageMarkdown } from '../graph/coverage-report.js';
import { assessmentToTurtle } from '../graph/assessment-rdf.js';
import { loadConfig } from '../config/config.js';

const USAGE = `regkg — the EU AI Act as a knowledge graph

Usage:
  regkg serve                                   start the service (same as npm start)
  regkg assess <profile.json> [--as-of DATE] [--format json|turtle] [--lang en|fr|de]
  regkg assess --bulk [<in.ndjson>|-] [--as-of DATE] [--view refs|full|compact|summary]
                                                NDJSON profiles in, NDJSON assessments out, each line what
                                                POST /v1/assessments?view=... answers (default refs;
                                                --summary and --compact are short for those views)
  regkg export --format ttl|nt|nq|jsonld|rdf [--out FILE]
  regkg sparql "<query>" [--format json|csv|tsv|xml|ttl|nt]
  regkg kg stats | kg validate | kg coverage
  regkg neo4j sync                              project the knowledge graph into Neo4j (NEO4J_URI...)
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`regkg: ${message}\n`);
  process.exit(code);
}

async function bulk(input: string | undefined, asOf: string, view: AssessmentView): Promise<void> {
  const core = createCore();
  const stream = !input || input === '-' ? process.stdin : createReadStream(input);
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  const tty = process.stderr.isTTY;
  let n = 0;
  let errors = 0;
  const t0 = performance.now();
  let buf: string[] = [];
  const flush = async (): Promise<void> => {
    if (buf.length === 0) return;
    const chunk = buf.join('');
    buf = [];
    if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
  };
  for await (const line of rl) {
    if (!line.trim()) continue;
    n++;
    let out: string;
    try {
      out = core.assessJson(JSON.parse(line), { asOf, view });
    } catch (e) {
      errors++;
      const err = e instanceof RegkgError ? { code: e.code, message: e.message, ...e.extras } : { code: 'PARSE', message: (e as Error).message };
      out = JSON.stringify({ line: n, error: err });
    }
    buf.push(out, '\n');
    if (buf.length >= 512) await flush();
    if (tty && n % 1000 === 0) process.stderr.write(`\r${n} assessed (${Math.round(n / ((performance.now() - t0) / 1000))}/s)`);
  }
  await flush();
  const secs = (performance.now() - t0) / 1000;
  process.stderr.write(`${tty ? '\r' : ''}${n} profiles assessed in ${secs.toFixed(2)} s (${Math.round(n / secs)}/s), ${errors} rejected\n`);
}

async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string' },
      bulk: { type: 'boolean' },
      summary: { type: 'boolean' },
      compact: { type: 'boolean' },
      view: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!cmd || values.help || cmd === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const asOf = values['as-of'] ?? today();
  switch (cmd) {
    case 'serve':
      await import('../server.js');
      return;
    case 'assess': {
      if (values.bulk) {
        const view = values.summary ? 'summary' : values.compact ? 'compact' : (values.view ?? 'refs');
        if (!(ASSESSMENT_VIEWS as readonly string[]).includes(view)) fail(`--view must be one of ${ASSESSMENT_VIEWS.join(', ')} (got ${view})`);
        return bulk(positionals[0], asOf, view as AssessmentView);
      }
      const file = positionals[0] ?? fail('assess needs a profile file (or --bulk)');
      const profile = JSON.parse(file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8')) as Record<string, unknown>;
      const core = createCore();
      const lang = (values.lang ?? 'en') as 'en' | 'fr' | 'de';
      const a = core.assess(profile, { asOf, lang });
      if (values.format === 'turtle') process.stdout.write(assessmentToTurtle(a, profile));
      else process.stdout.write(`${JSON.stringify(a, null, 2)}\n`);
      return;
    }
    case 'kg': {
      const sub = positionals[0];
      const core = createCore();
      if (sub === 'stats') {
        process.stdout.write(`${JSON.stringify(knowledgeStats(core.k), null, 2)}\n`);
        return;
      }
      if (sub === 'coverage') {
        const md = coverageMarkdown(core.k);
        if (values.out) writeFileSync(values.out, md);
        else process.stdout.write(md);
        return;
      }
      if (sub === 'validate') {
        const report = await validateKnowledge(core.k, core.store);
        process.stdout.write(`SHACL: ${report.shacl.length} violation(s)\n`);
        for (const v of report.shacl.slice(0, 50)) process.stdout.write(`  ${v.focusNode} ${v.path ?? ''} ${v.message}\n`);
        for (const q of report.qc) {
          process.stdout.write(`QC ${q.name}: ${q.rows.length} row(s)\n`);
          for (const r of q.rows.slice(0, 20)) process.stdout.write(`  ${JSON.stringify(r)}\n`);
        }
        process.exitCode = report.conforms ? 0 : 1;
        return;
      }
      return fail(`unknown kg command ${sub ?? ''}; use stats, validate or coverage`);
    }
    case 'export': {
      const { exportCommand } = await import('./export-command.js');
      return exportCommand(createCore(), values.format ?? 'ttl', values.out);
    }
    case 'sparql': {
      const q = positionals[0] ?? fail('sparql needs a query');
      const core = createCore();
      const fmt = values.format ?? 'json';
      const types: Record<string, string> = { json: 'application/sparql-results+json', csv: 'text/csv', tsv: 'text/tab-separated-values', xml: 'application/sparql-results+xml', ttl: 'text/turtle', nt: 'application/n-triples' };
      const r = core.store.query(q, { use_default_graph_as_union: true, results_format: types[fmt] ?? fail(`unknown format ${fmt}`) });
      process.stdout.write(typeof r === 'string' ? r : JSON.stringify(r));
      process.stdout.write('\n');
      return;
    }
    case 'neo4j': {
      if (positionals[0] !== 'sync') return fail('use: regkg neo4j sync');
      const { runNeo4jSync } = await import('./neo4j-sync.js');
      const result = await runNeo4jSync(createCore(), loadConfig());
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    default:
      fail(`unknown command ${cmd}\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => fail(e instanceof RegkgError ? e.message : (e as Error).stack ?? String(e), 1));
