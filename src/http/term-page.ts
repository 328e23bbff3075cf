import type { Literal, Quad, Term } from '@rdfjs/types';
import { NS } from '../graph/namespaces.js';
import { DUMP_PREFIXES } from '../graph/export.js';
import type { TermDescription } from '../graph/term-description.js';
import { escapeHtml, htmlPage } from './html-page.js';

export const REGKG_BASE = 'https://w3id.org/regkg/';
const CELEX = '32024R1689';
const SUMMARY_PREDICATES = [`${NS.dct}description`, `${NS.skos}definition`, `${NS.rdfs}comment`, `${NS.regkg}coverageNote`];
const MAX_INCOMING = 300;
const MAX_GRAPH_SUBJECTS = 500;

export interface TermPageOptions {
  lang: string;
  /** Label of any IRI in the requested language, if known. */
  label: (iri: string) => string | undefined;
  knowledgeVersion?: string;
  /** Offer links to the RDF serialisations of this page (?format=). */
  alternates?: boolean;
}

/** The local path the server answers for a regkg IRI (relative, so it works behind any host). */
export function localHref(iri: string, lang?: string): string {
  if (!iri.startsWith(REGKG_BASE)) return iri;
  const rest = iri.slice(REGKG_BASE.length);
  const hash = rest.indexOf('#');
  const path = hash === -1 ? rest : rest.slice(0, hash);
  const fragment = hash === -1 ? '' : rest.slice(hash);
  return `/${path}${lang && lang !== 'en' ? `?lang=${encodeURIComponent(lang)}` : ''}${fragment}`;
}

/** The EUR-Lex page of a provision of Regulation (EU) 2024/1689, in a language, anchored at its article or annex. */
export function eurLexUrl(provisionIri: string, lang: string): string | undefined {
  if (!provisionIri.startsWith(NS.aia)) return undefined;
  const top = provisionIri.slice(NS.aia.length).split('/')[0];
  return `https://eur-lex.europa.eu/legal-content/${lang.toUpperCase()}/TXT/?uri=CELEX:${CELEX}${top ? `#${top}` : ''}`;
}

/** `prefix:local` for IRIs under a known namespace, else the IRI. */
export function compactIri(iri: string): string {
  let best: [string, string] | undefined;
  for (const [prefix, ns] of Object.entries(DUMP_PREFIXES)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

function literalLang(t: Term): string {
  return t.termType === 'Literal' ? (t as Literal).language : '';
}

/** Picks, among the literals of some predicates, the one in the language (else English, else any). */
function pickText(quads: Quad[], subject: string, predicates: string[], lang: string): string | undefined {
  const candidates = quads.filter((q) => q.subject.value === subject && q.object.termType === 'Literal' && predicates.includes(q.predicate.value));
  for (const wanted of [lang, 'en', '']) {
    for (const p of predicates) {
      const hit = candidates.find((q) => q.predicate.value === p && literalLang(q.object) === wanted);
      if (hit) return hit.object.value;
    }
  }
  return candidates[0]?.object.value;
}

class Renderer {
  constructor(
    private readonly d: TermDescription,
    private readonly opts: TermPageOptions,
  ) {}

  link(iri: string): string {
    const label = this.opts.label(iri);
    const text = label ? `${escapeHtml(label)} <span class="muted">${escapeHtml(compactIri(iri))}</span>` : escapeHtml(compactIri(iri));
    return `<a href="${escapeHtml(localHref(iri, this.opts.lang))}">${text}</a>`;
  }

  predicate(iri: string): string {
    return `<a href="${escapeHtml(localHref(iri, this.opts.lang))}" title="${escapeHtml(iri)}">${escapeHtml(compactIri(iri))}</a>`;
  }

  term(t: Term, depth: number): string {
    if (t.termType === 'NamedNode') {
      const eli = eurLexUrl(t.value, this.opts.lang);
      return `${this.link(t.value)}${eli ? ` <a class="muted" href="${escapeHtml(eli)}" rel="external">EUR-Lex ↗</a>` : ''}`;
    }
    if (t.termType === 'BlankNode') return depth < 4 ? this.statements(`_:${t.value}`, depth + 1) : '[…]';
    const lit = t as Literal;
    const lang = lit.language ? ` <span class="lang">@${escapeHtml(lit.language)}</span>` : '';
    const dt = !lit.language && lit.datatype && lit.datatype.value !== `${NS.xsd}string` ? ` <span class="lang">${escapeHtml(compactIri(lit.datatype.value))}</span>` : '';
    return `${escapeHtml(lit.value)}${lang}${dt}`;
  }

  statements(subjectKey: string, depth = 0): string {
    const blank = subjectKey.startsWith('_:');
    const rows = this.d.outgoing
      .filter((q) => (blank ? q.subject.termType === 'BlankNode' && `_:${q.subject.value}` === subjectKey : q.subject.termType === 'NamedNode' && q.subject.value === subjectKey))
      .sort((a, b) => (a.predicate.value < b.predicate.value ? -1 : a.predicate.value > b.predicate.value ? 1 : 0));
    if (!rows.length) return depth === 0 ? '<p class="muted">No statements with this term as subject.</p>' : '[]';
    const body = rows.map((q) => `<tr><td>${this.predicate(q.predicate.value)}</td><td>${this.term(q.object, depth)}</td></tr>`).join('\n');
    return `<table>${depth === 0 ? '<thead><tr><th>Property</th><th>Value</th></tr></thead>' : ''}<tbody>${body}</tbody></table>`;
  }

  provisions(): string {
    const iris = new Set<string>();
    if (this.d.iri.startsWith(NS.aia)) iris.add(this.d.iri);
    for (const q of this.d.outgoing) if (q.object.termType === 'NamedNode' && q.object.value.startsWith(NS.aia)) iris.add(q.object.value);
    if (!iris.size) return '';
    const items = [...iris]
      .sort()
      .map((iri) => `<li>${this.link(iri)} — <a href="${escapeHtml(eurLexUrl(iri, this.opts.lang)!)}" rel="external">EUR-Lex</a></li>`)
      .join('\n');
    return `<h2>Provisions</h2><ul>${items}</ul>`;
  }

  incoming(): string {
    if (!this.d.incoming.length) return '';
    const sorted = [...this.d.incoming].sort((a, b) => (a.predicate.value + a.subject.value < b.predicate.value + b.subject.value ? -1 : 1));
    const shown = sorted.slice(0, MAX_INCOMING);
    const rows = shown.map((q) => `<tr><td>${this.link(q.subject.value)}</td><td>${this.predicate(q.predicate.value)}</td><td>${this.link(q.object.value)}</td></tr>`).join('\n');
    const more = sorted.length > shown.length ? `<p class="muted">${sorted.length - shown.length} more; ask the <a href="/sparql">SPARQL endpoint</a> for all.</p>` : '';
    return `<h2>Referenced by (${sorted.length})</h2><table><thead><tr><th>Subject</th><th>Property</th><th>Object</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
  }

  graphContent(): string {
    const content = this.d.graphContent;
    if (!content) return '';
    const subjects = [...new Set(content.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value))].sort();
    const items = subjects.slice(0, MAX_GRAPH_SUBJECTS).map((s) => `<li>${this.link(s)}</li>`).join('\n');
    const more = subjects.length > MAX_GRAPH_SUBJECTS ? `<p class="muted">${subjects.length - MAX_GRAPH_SUBJECTS} more.</p>` : '';
    return `<h2>Named graph: ${content.length} triples about ${subjects.length} terms</h2><ul>${items}</ul>${more}`;
  }

  page(): string {
    const { d, opts } = this;
    const lang = opts.lang;
    const title = opts.label(d.iri) ?? compactIri(d.iri);
    const types = d.outgoing.filter((q) => q.subject.value === d.iri && q.predicate.value === `${NS.rdf}type`).map((q) => `<span class="pill">${this.link(q.object.value)}</span>`);
    const summary = pickText(d.outgoing, d.iri, SUMMARY_PREDICATES, lang);
    const langs = ['en', 'fr', 'de']
      .map((l) => (l === lang ? `<strong>${l}</strong>` : `<a href="?lang=${l}">${l}</a>`))
      .join(' · ');
    const alternates = opts.alternates
      ? ` · RDF: <a href="?format=ttl">Turtle</a> · <a href="?format=jsonld">JSON-LD</a> · <a href="?format=nt">N-Triples</a>`
      : '';
    const hashSections = d.subjects
      .slice(1)
      .map((s) => {
        const local = s.slice(s.indexOf('#') + 1);
        const l = opts.label(s);
        const own = d.outgoing.some((q) => q.subject.termType === 'NamedNode' && q.subject.value === s);
        const uses = d.incoming.filter((q) => q.object.value === s).length;
        const content = own ? this.statements(s) : `<p class="muted">No statements of its own; the value of ${uses} statement(s).</p>`;
        return `<section id="${escapeHtml(local)}"><h2>${escapeHtml(compactIri(s))}${l ? ` — ${escapeHtml(l)}` : ''}</h2>${content}</section>`;
      })
      .join('\n');
    const sources = d.graphs.length ? `<p class="muted">Stated in: ${d.graphs.map((g) => this.link(g)).join(', ')}</p>` : '';
    const body = `
<p class="muted">${langs}${alternates}</p>
<h1>${escapeHtml(title)}</h1>
<p><code>${escapeHtml(d.iri)}</code></p>
${types.length ? `<p>${types.join(' ')}</p>` : ''}
${summary ? `<p>${escapeHtml(summary)}</p>` : ''}
${this.provisions()}
${d.outgoing.some((q) => q.subject.value === d.iri) || !d.subjects.slice(1).length ? `<h2>Statements</h2>${this.statements(d.iri)}` : ''}
${hashSections}
${this.graphContent()}
${this.incoming()}
${sources}
${opts.knowledgeVersion ? `<p class="muted">Knowledge version <code>${escapeHtml(opts.knowledgeVersion)}</code>. Labels and summaries are paraphrases, not the legal text.</p>` : ''}`;
    const head = opts.alternates
      ? ['text/turtle', 'application/ld+json', 'application/n-triples']
          .map((t, i) => `<link rel="alternate" type="${t}" href="?format=${['ttl', 'jsonld', 'nt'][i]}">`)
          .join('\n')
      : '';
    return htmlPage({ title, body, lang, head });
  }
}

/** The HTML page of a term: label, types, summary, provisions with EUR-Lex links, statements and incoming links. */
export function renderTermPage(d: TermDescription, opts: TermPageOptions): string {
  return new Renderer(d, opts).page();
}
