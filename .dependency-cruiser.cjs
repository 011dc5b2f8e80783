// Dependency rules of 邻里通 (README, "Code layout"). `npm run lint` runs this with ESLint;
// tests/unit/dependency-rules.test.ts proves a use case importing cloud/app.ts fails it.
//
// A "domain" is any folder directly under cloud/ other than the shared ones below, so a new
// domain is covered without editing this file.
const SHARED = 'platform|db|entry|functions'
const DOMAIN = `^cloud/(?!(?:${SHARED})/)[^/]+/`

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-db-no-domain',
      comment: 'cloud/platform and cloud/db are below every domain: they import no domain (and not cloud/app.ts).',
      severity: 'error',
      from: { path: '^cloud/(platform|db)/' },
      to: { path: [DOMAIN, '^cloud/app\\.ts$'] },
    },
    {
      name: 'app-only-from-entry-and-tests',
      comment: 'cloud/app.ts is the composition root: only cloud/entry/ and tests/ import it. Use cases take AppDeps from cloud/platform/context.ts.',
      severity: 'error',
      from: { pathNot: ['^cloud/entry/', '^tests/', '^cloud/app\\.ts$'] },
      to: { path: '^cloud/app\\.ts$' },
    },
    {
      name: 'domain-through-index',
      comment: 'A domain reaches another domain only through its public module cloud/<other>/index.ts (or outbox events), never a deeper file.',
      severity: 'error',
      from: { path: '^cloud/([^/]+)/', pathNot: `^cloud/(?:${SHARED})/` },
      to: { path: DOMAIN, pathNot: ['^cloud/$1/', '^cloud/[^/]+/index\\.ts$'] },
    },
    {
      name: 'src-cloud-apart',
      comment: 'The front end (src/) and the server (cloud/) never import each other: they share only types/.',
      severity: 'error',
      from: { path: '^(src|cloud)/' },
      to: { path: '^(src|cloud)/', pathNot: '^$1/' },
    },
    {
      name: 'types-standalone',
      comment: 'types/ holds the contracts both sides import; it imports neither side.',
      severity: 'error',
      from: { path: '^types/' },
      to: { path: '^(src|cloud)/' },
    },
    {
      name: 'no-circular-cloud',
      // <domain>.mappers.ts names the row types its repository returns while the repository maps
      // with it: that pair is one unit (rows in, contract out) and stays out of this rule
      comment: 'No import cycles inside cloud/ (type-only links count; a mapper and its repository aside).',
      severity: 'error',
      from: { path: '^cloud/', pathNot: '\\.mappers\\.ts$' },
      to: { circular: true, pathNot: '\\.mappers\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cloud/functions/', '^cloud/db/migrations/', '(^|/)dist/'] },
    // `import type` counts: a type-only import of cloud/app.ts still ties a use case to the root
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
