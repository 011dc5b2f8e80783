// ESLint for 邻里通: typescript-eslint everywhere, React hooks rules on the front end, file size
// limits. Import-direction rules live in .dependency-cruiser.cjs (`npm run lint` runs both);
// formatting is Prettier's (.prettierrc.json, `npm run format`), so no stylistic rules here.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'cloud/functions/**', 'cloud/db/migrations/**', 'tests/.artifacts/**', 'tests/fixtures/**', '**/*.d.ts'],
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (positional parameters, destructured-away fields)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // loaded lazily on purpose: wx-server-sdk stays out of the server bundle, prom-client out of the cloud function
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^wx-server-sdk$', '^prom-client$'] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    languageOptions: { globals: { ...globals.browser, wx: 'readonly' } },
    rules: {
      'react-hooks/exhaustive-deps': 'error',
      // Two React Compiler checks that flag patterns this code uses on purpose and the compiler
      // is not used here: resetting loading/error state when a fetch effect starts (useAsync), and
      // reading the clock during render to show what can still be done now.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/purity': 'off',
    },
  },
  {
    files: ['cloud/**/*.ts', 'src/**/*.{ts,tsx}'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['tests/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    // a test reads JSON response bodies field by field: `body: any` is the honest type there
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
