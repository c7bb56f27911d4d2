/**
 * The layer rule as an allow-list (docs/architecture.md, "Architecture"): an import passes only
 * when one of the `allowed` rules says so, so a new folder or package is refused until someone
 * decides where it may be used. `forbidden` adds what the allow-list cannot say: services never
 * load the Electron runtime, and no module imports itself round a cycle.
 * `npm run lint` runs it; test/integration/layers.test.ts proves a slip in each direction fails.
 */

/** What shared/ may import besides itself: pure libraries that run anywhere. */
const SHARED_PACKAGES = ['zod', 'decimal.js', 'papaparse', '@noble/hashes'];
/** What renderer/ may import besides itself and shared/: the UI libraries. */
const RENDERER_PACKAGES = ['react', 'react-dom', 'zustand', 'recharts', '@tanstack/react-virtual'];

/** node_modules, or the one a few folders up: layers.test.ts cruises a small tree under .tmp/. */
const NODE_MODULES = '^(\\.\\./)*node_modules/';
const packages = (names) => `${NODE_MODULES}(${names.map((n) => n.replace(/[.]/g, '\\.')).join('|')})/`;

/** The Node side minus the two files that are the desktop shell. */
const PLAIN_NODE = '^electron/(services|db|api|cli)/|^electron/(cli|browser)\\.ts$';

/**
 * The CLI is a client of the one API (electron/cli/context.ts callApi): it parses arguments and prints.
 * Every command file may name the context's type and read the file limits; beyond that, only these
 * files may reach a service, each for what no window may do or what is not an API call.
 */
const CLI_SERVICES_FOR_ALL = ['context', 'files/limits'];
const CLI_SERVICE_EXCEPTIONS = {
  // `bcf backup --to FOLDER`, `backups list` (read without opening a possibly damaged database) and
  // `restore` from any path: a window may not name folders or files, the terminal may.
  'electron/cli/data-commands.ts': ['backups/backups', 'backups/restore', 'backups/summary', 'health/startup'],
  // `bcf serve` is a host (like main.ts): it sets up the backup timer and says how to restore.
  'electron/cli/serve-command.ts': ['backups/timer', 'health/startup'],
  // Reads a template year's JSON file before it is sent (the parse the renderer does with its own reader).
  'electron/cli/template-commands.ts': ['templates/template-years'],
  // `bcf history --plan YEAR`: the history method takes the plan's id, which no plan method answers with.
  'electron/cli/reference-commands.ts': ['plans/plan-store'],
};
const servicesPath = (names) => `^electron/services/(${names.map((n) => n.replace(/[.]/g, '\\.')).join('|')})\\.ts$`;
const exact = (file) => `^${file.replace(/[.]/g, '\\.')}$`;

module.exports = {
  allowed: [
    {
      comment: 'shared/ runs anywhere: it imports only itself and pure libraries.',
      from: { path: '^shared/' },
      to: { path: ['^shared/', packages(SHARED_PACKAGES)] },
    },
    {
      comment:
        'renderer/ is the DOM side: itself, shared/ and the UI libraries; the backend only through its API client.',
      from: { path: '^renderer/' },
      to: { path: ['^renderer/', '^shared/', packages([...RENDERER_PACKAGES, ...SHARED_PACKAGES])] },
    },
    {
      comment: 'electron/ is the Node side: itself, shared/, Node and any installed package (never the renderer).',
      from: { path: '^electron/' },
      to: { path: ['^electron/', '^shared/', NODE_MODULES] },
    },
    {
      comment: 'electron/ uses Node built-ins.',
      from: { path: '^electron/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      comment: 'Tests, build scripts and tool configs drive every layer.',
      from: { path: '^(test|scripts|bin)/|^[^/]+$' },
      to: {},
    },
  ],
  allowedSeverity: 'error',
  forbidden: [
    {
      name: 'services-no-electron-runtime',
      comment: 'Services are plain Node: the Electron runtime is only for electron/main.ts and preload.ts.',
      severity: 'error',
      from: { path: PLAIN_NODE },
      to: { path: `${NODE_MODULES}electron/` },
    },
    {
      name: 'cli-through-the-api',
      comment:
        'A bcf command calls the one API (callApi), not a service: one validation and one refusal for all hosts.',
      severity: 'error',
      from: { path: '^electron/cli/', pathNot: Object.keys(CLI_SERVICE_EXCEPTIONS).map(exact) },
      to: { path: '^electron/services/', pathNot: servicesPath(CLI_SERVICES_FOR_ALL) },
    },
    ...Object.entries(CLI_SERVICE_EXCEPTIONS).map(([file, services]) => ({
      name: 'cli-through-the-api',
      comment: `${file} may reach only the services listed for it in CLI_SERVICE_EXCEPTIONS.`,
      severity: 'error',
      from: { path: exact(file) },
      to: { path: '^electron/services/', pathNot: servicesPath([...CLI_SERVICES_FOR_ALL, ...services]) },
    })),
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and hides which module is the lower one: move the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: a type from a higher layer still ties the layers together.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a link (a git worktree sharing a checkout's): name packages by where they are used from.
    preserveSymlinks: true,
    // Resolve packages the way Node and the bundlers do, ESM-only ones (vite, tsx) included.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    exclude: { path: '^(dist|release|node_modules|test-results|playwright-report|bench-results|\\.tmp)/' },
  },
};
