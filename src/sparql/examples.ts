import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** An example query for authorities, kept as a `.rq` file under `src/sparql/examples/`. */
export interface ExampleQuery {
  id: string;
  title: string;
  description: string;
  query: string;
}

const EXAMPLES_DIR = fileURLToPath(new URL('./examples/', import.meta.url));

/** Reads the example queries; each file starts with `# title:` and `# description:` comment lines. */
export function loadExamples(dir = EXAMPLES_DIR): ExampleQuery[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rq'))
    .sort()
    .map((file) => {
      const query = readFileSync(`${dir}/${file}`, 'utf8');
      const meta = (key: string): string => new RegExp(`^#\\s*${key}:\\s*(.+)$`, 'm').exec(query)?.[1]?.trim() ?? '';
      return { id: file.replace(/\.rq$/, ''), title: meta('title') || file, description: meta('description'), query };
    });
}
