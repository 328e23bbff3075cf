import { escapeHtml, htmlPage } from '../http/html-page.js';
import type { ExampleQuery } from './examples.js';

export interface EditorPageOptions {
  examples: ExampleQuery[];
  timeoutMs: number;
  maxResults: number;
  knowledgeVersion: string;
  /** The query to show first (from ?example=). */
  initial?: string;
}

/**
 * The query editor served at GET /sparql to browsers: a textarea, the example queries, and a small script that
 * sends the query with the chosen Accept and shows SELECT results as a table. Without JavaScript the form still
 * submits (GET) and the browser shows the raw result. Self-written rather than YASGUI: see docs/adr.
 */
export function renderEditorPage({ examples, timeoutMs, maxResults, knowledgeVersion, initial }: EditorPageOptions): string {
  const first = initial ?? examples[0]?.query ?? 'SELECT * WHERE { ?s ?p ?o } LIMIT 10';
  const exampleList = examples
    .map(
      (e) =>
        `<li><button type="button" class="example" data-id="${escapeHtml(e.id)}">${escapeHtml(e.title)}</button> <span class="muted">${escapeHtml(e.description)}</span></li>`,
    )
    .join('\n');
  const body = `
<h1>SPARQL query editor</h1>
<p>A SPARQL 1.1 endpoint over the regkg knowledge graph (version <code>${escapeHtml(knowledgeVersion)}</code>), read-only.
The default graph is the union of all named graphs (one per source file); <code>GRAPH ?g</code> reaches each of them.
Queries stop after ${escapeHtml(timeoutMs)} ms (503); results over ${escapeHtml(maxResults)} rows or triples are refused with 413
(add <code>LIMIT</code>). Endpoint: <code>/sparql</code> (GET <code>?query=</code>, POST form or <code>application/sparql-query</code>).</p>
<h2>Examples</h2>
<ul>${exampleList}</ul>
<form id="editor" method="get" action="/sparql">
<textarea name="query" id="query" spellcheck="false" aria-label="SPARQL query">${escapeHtml(first)}</textarea>
<p><label>Result format
<select id="accept" aria-label="Result format">
<option value="application/sparql-results+json">table (SPARQL JSON)</option>
<option value="text/turtle">Turtle (CONSTRUCT/DESCRIBE)</option>
<option value="application/ld+json">JSON-LD (CONSTRUCT/DESCRIBE)</option>
<option value="application/sparql-results+xml">SPARQL XML</option>
<option value="text/csv">CSV</option>
<option value="text/tab-separated-values">TSV</option>
</select></label>
<button type="submit">Run query</button> <span id="status" class="muted" role="status"></span></p>
</form>
<div id="results"></div>
<p class="muted">Also: <a href="/dumps">full dumps</a> · <a href="/.well-known/void">dataset description (VoID/DCAT)</a> · <a href="/context.jsonld">JSON-LD context</a></p>`;
  const script = `
const examples = ${JSON.stringify(Object.fromEntries(examples.map((e) => [e.id, e.query]))).replace(/</g, '\\u003c')};
const $ = (id) => document.getElementById(id);
for (const b of document.querySelectorAll('button.example')) b.addEventListener('click', () => { $('query').value = examples[b.dataset.id]; });
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const BASE = 'https://w3id.org/regkg/';
function cell(t) {
  if (!t) return '';
  if (t.type === 'uri') {
    const href = t.value.startsWith(BASE) ? '/' + t.value.slice(BASE.length) : t.value;
    return '<a href="' + esc(href) + '">' + esc(t.value) + '</a>';
  }
  if (t.type === 'bnode') return '_:' + esc(t.value);
  return esc(t.value) + (t['xml:lang'] ? ' <span class="lang">@' + esc(t['xml:lang']) + '</span>' : '');
}
$('editor').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const accept = $('accept').value;
  const started = performance.now();
  $('status').textContent = 'running…';
  $('results').innerHTML = '';
  try {
    const res = await fetch('/sparql', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: accept + ', */*;q=0.1' }, body: new URLSearchParams({ query: $('query').value }) });
    const type = res.headers.get('content-type') || '';
    const text = await res.text();
    const ms = Math.round(performance.now() - started);
    if (!res.ok) {
      let detail = text;
      try { detail = JSON.parse(text).detail; } catch {}
      $('status').textContent = res.status + ' after ' + ms + ' ms';
      $('results').innerHTML = '<pre>' + esc(detail) + '</pre>';
      return;
    }
    if (type.includes('sparql-results+json')) {
      const data = JSON.parse(text);
      if ('boolean' in data) { $('results').innerHTML = '<p><strong>' + data.boolean + '</strong></p>'; $('status').textContent = 'ASK in ' + ms + ' ms'; return; }
      const vars = data.head.vars;
      const rows = data.results.bindings.map((b) => '<tr>' + vars.map((v) => '<td>' + cell(b[v]) + '</td>').join('') + '</tr>').join('');
      $('results').innerHTML = '<table><thead><tr>' + vars.map((v) => '<th>?' + esc(v) + '</th>').join('') + '</tr></thead><tbody>' + rows + '</tbody></table>';
      $('status').textContent = data.results.bindings.length + ' rows in ' + ms + ' ms';
    } else {
      $('results').innerHTML = '<pre>' + esc(text) + '</pre>';
      $('status').textContent = type.split(';')[0] + ' in ' + ms + ' ms';
    }
  } catch (e) {
    $('status').textContent = 'failed: ' + e.message;
  }
});`;
  return htmlPage({ title: 'SPARQL query editor', body, script });
}
