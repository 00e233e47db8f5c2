// Where a file may run is visible from where it stands, and this checks it:
// each folder may import only what ARCHITECTURE.md allows it.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'http', 'os', 'child_process', 'net', 'url', 'util'];

function only(message, patterns) {
  return { 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: group.group, message: `${message} ${group.why}` })) }] };
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-debugger': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: only('src-shared runs anywhere (renderer, core, central):', [
      { group: ['react', 'react-dom', 'zustand', 'i18next', 'react-i18next'], why: 'no UI libraries.' },
      { group: ['electron', 'better-sqlite3', 'fastify', ...nodeBuiltins], why: 'no Node, Electron or database.' },
      { group: ['**/src-main/**', '**/src-renderer/**', '**/src-central/**'], why: 'it is imported by them, never the reverse.' },
    ]),
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: only('The core is plain Node:', [
      { group: ['electron', 'electron/*'], why: 'never Electron; put shell code in src-main/electron.' },
      { group: ['react', 'react-dom', 'zustand', 'i18next', 'react-i18next'], why: 'no UI libraries.' },
      { group: ['**/src-renderer/**', '**/src-central/**', '**/electron/**', '**/web/**'], why: 'shells and services depend on the core, not the reverse.' },
    ]),
  },
  {
    files: ['src-main/web/**/*.ts'],
    rules: only('The browser shell is a thin adapter over the core:', [
      { group: ['electron', 'electron/*'], why: 'no Electron here.' },
      { group: ['**/src-renderer/**', '**/src-central/**', '**/electron/**'], why: 'it talks to the renderer over HTTP only.' },
    ]),
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: only('The Electron shell is a thin adapter over the core:', [
      { group: ['**/src-renderer/**', '**/src-central/**', '**/web/**'], why: 'it talks to the renderer over IPC only.' },
    ]),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: only('The renderer is untrusted DOM code:', [
      { group: ['**/src-main/**', '**/src-central/**'], why: 'it reaches the core only through the KioskApi contract.' },
      { group: ['electron', 'electron/*', 'better-sqlite3', 'fastify', ...nodeBuiltins], why: 'no Node or Electron APIs.' },
    ]),
  },
  {
    files: ['src-central/**/*.ts'],
    rules: only('The central service shares only the contract with the kiosk:', [
      { group: ['**/src-main/**', '**/src-renderer/**'], why: 'import from src-shared instead.' },
      { group: ['electron', 'electron/*', 'react', 'react-dom'], why: 'it is a server.' },
    ]),
  },
);
