/** Server-rendered HTML: escaping and the page shell shared by the SPARQL editor and the linked-data pages. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#fafafa}
header{background:#0b3d91;color:#fff;padding:.6rem 1.2rem}header a{color:#fff;text-decoration:none;margin-right:1rem}
main{max-width:72rem;margin:0 auto;padding:1rem 1.2rem}
h1{font-size:1.5rem;margin:.6rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .4rem}
code,pre,textarea{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f0f3f6}.muted{color:#57606a}.lang{color:#57606a;font-size:.85em}
pre{background:#fff;border:1px solid #d0d7de;padding:.6rem;overflow:auto;max-height:32rem}
textarea{width:100%;box-sizing:border-box;min-height:16rem}
button,select{font:inherit;padding:.25rem .6rem}.pill{display:inline-block;border:1px solid #d0d7de;border-radius:1rem;padding:0 .5rem;margin:0 .2rem .2rem 0;background:#fff}
`;

export interface PageOptions {
  title: string;
  /** Already escaped HTML for the body of <main>. */
  body: string;
  lang?: string;
  /** Extra, already escaped, elements for <head> (alternate links...). */
  head?: string;
  /** Inline script (the CSP allows inline scripts from this origin only). */
  script?: string;
}

/** A complete HTML document with the regkg header. */
export function htmlPage({ title, body, lang = 'en', head = '', script }: PageOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · regkg</title>
<style>${STYLE}</style>
${head}
</head>
<body>
<header><a href="/"><strong>regkg</strong></a><a href="/sparql">SPARQL</a><a href="/dumps">Dumps</a><a href="/.well-known/void">Dataset</a><a href="/ontology">Ontology</a></header>
<main>
${body}
</main>
${script ? `<script>${script}</script>` : ''}
</body>
</html>
`;
}
