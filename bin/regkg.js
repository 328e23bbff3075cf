#!/usr/bin/env node
// The regkg command: runs the TypeScript CLI through tsx's loader (no build step; the server itself runs compiled,
// see docs/adr/0010-compiled-server.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
