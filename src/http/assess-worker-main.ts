import { parentPort } from 'node:worker_threads';
import { createCore, type AssessmentView } from '../core.js';
import { RegkgError } from '../errors.js';
import type { Lang } from '../graph/graph-view.js';

/**
 * An assessment thread: its own core (the same knowledge files as the server's), answering one job at a time with
 * core.assessBytes. Messages: in { id, input, asOf?, lang?, view }; out { type: 'ready', knowledgeVersion } once,
 * then { id, bytes } (the JSON in UTF-8) or { id, error: { code, params, extras } } (a RegkgError) or { id, failure } (anything else).
 */
const core = createCore();
const port = parentPort!;

port.on('message', (m: { id: number; input: unknown; asOf?: string; lang?: Lang; view: AssessmentView }) => {
  try {
    // The answer's own bytes, moved rather than cloned: a small Buffer is a view into Node's shared pool, which a
    // clone would copy whole.
    const bytes = new Uint8Array(core.assessBytes(m.input, { asOf: m.asOf, lang: m.lang, view: m.view }));
    port.postMessage({ id: m.id, bytes }, [bytes.buffer]);
  } catch (e) {
    if (e instanceof RegkgError) port.postMessage({ id: m.id, error: { code: e.code, params: e.params, extras: e.extras } });
    else port.postMessage({ id: m.id, failure: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ type: 'ready', knowledgeVersion: core.k.version });
