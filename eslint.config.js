import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-output/**', 'public/vendor/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    // The web page's plain browser modules (no build step): browser globals, and undefined names are errors.
    files: ['public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'history', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'URL', 'URLSearchParams', 'Blob', 'Node', 'HTMLHeadingElement', 'HashChangeEvent', 'Event', 'FormData', 'getComputedStyle', 'setTimeout', 'clearTimeout', 'console'].map((g) => [g, 'readonly']),
      ),
    },
    rules: { 'no-undef': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
