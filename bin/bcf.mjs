#!/usr/bin/env node
// The `bcf` command runs the TypeScript sources directly through tsx, so the
// CLI works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli.ts');
