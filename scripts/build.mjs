// Builds everything `npm start`, the tests and packaging run:
//   dist/renderer        the React app (Vite)
//   dist/web/launcher.js the browser shell and the demo launcher
//   dist/central/*.js    the reference central service and its admin CLI
//   dist/core/audit-verify.js  the audit chain check (`npm run audit:verify`)
//   dist/electron/*.cjs  the Electron main process and preload
// `--if-stale` skips the work when nothing under the sources changed since the last build.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampPath = join(root, 'dist', '.build-stamp');
const inputs = ['src-shared', 'src-main', 'src-renderer', 'src-central', 'test/bench', 'assets', 'scripts', 'vite.config.ts', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

if (process.argv.includes('--if-stale') && existsSync(stampPath)) {
  const built = statSync(stampPath).mtimeMs;
  if (Math.max(...inputs.map((p) => newestMtime(join(root, p)))) < built) process.exit(0);
}

// `import sql from './001_init.sql?raw'` as Vite and Vitest read it.
const rawText = {
  name: 'raw-text',
  setup(build) {
    build.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw-text',
    }));
    build.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, "utf8"),
      loader: 'text',
    }));
  },
};

// A whole build starts from nothing: chunk names carry hashes, and a stale file must never be packaged.
rmSync(join(root, 'dist'), { recursive: true, force: true });

const node = {
  plugins: [rawText],
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  esbuild({
    ...node,
    format: 'esm',
    // Shared code in chunks, so that a dynamic import() stays lazy: the heavy PDF and image
    // libraries load in the core's worker, never on the kiosk's main thread at start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    entryPoints: {
      'web/launcher': 'src-main/web/launcher.ts',
      'central/server': 'src-central/server.ts',
      'central/cli': 'src-central/cli.ts',
      'bench/run': 'test/bench/run.ts',
      'core/worker': 'src-main/core/offload/worker.ts',
      'core/audit-verify': 'src-main/core/audit/verify-cli.ts',
    },
    outdir: 'dist',
  }),
  esbuild({
    ...node,
    format: 'cjs',
    entryPoints: { 'electron/main': 'src-main/electron/main.ts', 'electron/worker': 'src-main/core/offload/worker.ts' },
    outExtension: { '.js': '.cjs' },
    outdir: 'dist',
    external: ['electron'],
  }),
  // A sandboxed preload may require nothing but electron: bundle the rest into it.
  esbuild({
    ...node,
    packages: 'bundle',
    format: 'cjs',
    entryPoints: { 'electron/preload': 'src-main/electron/preload.ts' },
    outExtension: { '.js': '.cjs' },
    outdir: 'dist',
    external: ['electron'],
  }),
  viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' }),
]);

mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
writeFileSync(join(root, 'dist', 'electron', 'package.json'), JSON.stringify({ type: 'commonjs' }));
writeFileSync(stampPath, new Date().toISOString());
