/**
 * Entry of an assessment thread (assess-pool.ts). Plain JavaScript so that it starts the same under node, tsx and
 * vitest: it registers tsx's loader for this thread, then loads the TypeScript side.
 */
import { register } from 'tsx/esm/api';

register();
await import('./assess-worker-main.ts');
