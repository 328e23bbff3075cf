import { createCore, type Core } from '../../src/core.js';

let shared: Core | undefined;

/** One core per test worker: loading the knowledge graph once keeps the suites fast. */
export function sharedCore(): Core {
  shared ??= createCore();
  return shared;
}
