import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Core } from '../core.js';
import { DUMP_FORMATS, dumpChunks, isDumpFormat } from '../graph/export.js';
import { RegkgError } from '../errors.js';

/** Writes a full dump, chunk by chunk (one named graph at a time), to a file or stdout. */
export async function exportCommand(core: Core, format: string, out?: string): Promise<void> {
  if (!isDumpFormat(format)) throw new RegkgError('VALIDATION', { detail: `--format: expected one of ${Object.keys(DUMP_FORMATS).join(', ')}` });
  const sink = out ? createWriteStream(out) : process.stdout;
  for (const chunk of dumpChunks(format, core.k.quads, { store: core.store })) {
    if (!sink.write(chunk)) await once(sink, 'drain');
  }
  if (out) await new Promise<void>((r) => sink.end(() => r()));
}
