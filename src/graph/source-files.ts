import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where ontology/, rules/ and mappings/ live). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type SourceKind = 'turtle' | 'rules' | 'sssom';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  kind: SourceKind;
  text: string;
}

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries.sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

function kindOf(path: string): SourceKind | undefined {
  if (path.startsWith('ontology/') && path.endsWith('.ttl') && !path.startsWith('ontology/shapes/')) return 'turtle';
  if (path.startsWith('rules/') && !path.startsWith('rules/cases/') && path.endsWith('.yaml')) return 'rules';
  if (path.startsWith('mappings/') && path.endsWith('.sssom.tsv')) return 'sssom';
  return undefined;
}

/** Every knowledge source file, in a stable order. */
export function readSources(root = REPO_ROOT): SourceFile[] {
  const files: SourceFile[] = [];
  for (const top of ['ontology', 'rules', 'mappings']) {
    for (const full of walk(join(root, top))) {
      const path = relative(root, full).split(sep).join('/');
      const kind = kindOf(path);
      if (kind) files.push({ path, kind, text: readFileSync(full, 'utf8') });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

/** Content hash of the knowledge sources: the knowledge version every answer carries. */
export function knowledgeVersionOf(files: readonly SourceFile[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f.path);
    h.update('\0');
    h.update(f.text);
    h.update('\0');
  }
  return `sha256-${h.digest('hex').slice(0, 16)}`;
}

/** Named graph IRI that holds the triples of one source file. */
export function graphIriOf(path: string): string {
  return `https://w3id.org/regkg/graph/${path.replace(/\.(ttl|yaml|sssom\.tsv)$/, '')}`;
}
