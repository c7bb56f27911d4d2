import { z } from 'zod';

// The CSP forbids eval. zod 4 probes for it (new Function) when a schema is
// built, which the browser reports as a CSP violation; jitless skips the probe.
// Imported first in main.tsx, before any module builds a schema.
z.config({ jitless: true });
