import { createWriteStream } from 'node:fs';
import type { Core } from '../core.js';

/** Writes a full dump to a file or stdout, using the export module of the service. */
export async function exportCommand(core: Core, format: string, out?: string): Promise<void> {
  const mod = (await import('../graph/export.js')) as unknown as { writeDump?: (core: Core, format: string, sink: NodeJS.WritableStream) => Promise<void> };
  if (!mod.writeDump) throw new Error('export is not available in this build');
  const sink = out ? createWriteStream(out) : process.stdout;
  await mod.writeDump(core, format, sink);
  if (out) await new Promise<void>((r) => (sink as NodeJS.WritableStream).end(() => r()));
}
