import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * Bundles a central entry so it runs outside vitest, in a worker thread or
 * a real process: SQL as text (as `?raw` imports are in the build),
 * better-sqlite3 left to Node. Answers the bundle's path in a fresh temp dir.
 * `cjs` for an entry that bundles CommonJS packages requiring Node's
 * modules at run time (Fastify's do).
 */
export async function bundleForNode(entry: string, prefix: string, format: 'esm' | 'cjs' = 'esm'): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, format === 'esm' ? 'bundle.mjs' : 'bundle.cjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format,
    logLevel: 'silent',
    plugins: [
      {
        name: 'central-test',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: require.resolve('better-sqlite3'), external: true }));
          b.onResolve({ filter: /\?raw$/ }, (args) => ({
            path: join(args.resolveDir, args.path.replace(/\?raw$/, '')),
            namespace: 'raw',
          }));
          b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({
            contents: await readFile(args.path, 'utf8'),
            loader: 'text',
          }));
        },
      },
    ],
  });
  return { dir, file };
}
