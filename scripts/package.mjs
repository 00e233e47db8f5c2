// Packages the Electron kiosk (AppImage + deb on Linux, NSIS on Windows) for
// the platform it runs on: `npm run dist [-- electron-builder args]`.
//
// electron-builder's native rebuild turns better-sqlite3 into an Electron-ABI
// build in place, which would break the Node tests and the browser shell of
// the checkout. So packaging happens in a staging copy:
//   1. node scripts/build.mjs                     (dist/ for the current sources)
//   2. release/stage/ <- package.json, package-lock.json, electron-builder.yml, dist/, assets/
//   3. npm ci --omit=dev in release/stage/        (production dependencies only)
//   4. the repository's own electron-builder, with --projectDir release/stage;
//      Electron's version comes from the repository's node_modules/electron,
//      artifacts go to release/.
// Needs internet: npm registry, the Electron zip and headers, AppImage/deb tools.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, 'release', 'stage');
const output = join(root, 'release');
const builderArgs = process.argv.slice(2);

function fail(message) {
  console.error(`\npackage: ${message}\n`);
  process.exit(1);
}

function step(message) {
  console.log(`\npackage: ${message}`);
}

function run(command, args, cwd, whenFailed, env = process.env) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env });
  if (result.error) fail(`${whenFailed}\n  (${result.error.message})`);
  if (result.status !== 0) fail(`${whenFailed}\n  (exit code ${result.status ?? result.signal})`);
}

function need(path, hint) {
  if (!existsSync(join(root, path))) fail(`${path} is missing. ${hint}`);
}

// --- preflight -----------------------------------------------------------
need('package.json', 'Run this from the repository.');
need('package-lock.json', 'npm ci in the stage needs the lock file; run `npm install` once and commit it.');
need('electron-builder.yml', 'The packaging configuration belongs at the repository root.');
need('node_modules/electron-builder/cli.js', 'Run `npm ci` in the repository first (electron-builder is a devDependency).');
need('node_modules/electron/package.json', 'Run `npm ci` in the repository first (electron is a devDependency).');

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(electronVersion ?? '')) {
  fail(`cannot read Electron's version from node_modules/electron/package.json (found ${JSON.stringify(electronVersion)}).`);
}

// npm as the one that started us (npm run dist), else the npm on PATH.
const npm = process.env.npm_execpath?.endsWith('.js')
  ? { command: process.execPath, prefix: [process.env.npm_execpath] }
  : { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };

// --- 1. build ------------------------------------------------------------
step('building dist/ (scripts/build.mjs)');
run(process.execPath, [join(root, 'scripts', 'build.mjs')], root, 'the build failed; fix it before packaging.');
for (const path of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
  need(path, 'The build did not produce it; see scripts/build.mjs.');
}
need('assets/catalog/catalog.json', 'The kiosk cannot start without its catalog snapshot.');

// --- 2. stage ------------------------------------------------------------
step(`staging into ${relative(root, stage)}/`);
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const path of ['package.json', 'package-lock.json', 'electron-builder.yml']) {
  cpSync(join(root, path), join(stage, path));
}
for (const path of ['dist', 'assets']) {
  cpSync(join(root, path), join(stage, path), { recursive: true, dereference: true });
}

// --- 3. production dependencies --------------------------------------------
step('installing production dependencies in the stage (npm ci --omit=dev)');
run(
  npm.command,
  [...npm.prefix, 'ci', '--omit=dev', '--no-audit', '--no-fund'],
  stage,
  'npm ci failed in release/stage. It needs the npm registry and, for better-sqlite3, python3, make and a C++ compiler.',
);
if (!existsSync(join(stage, 'node_modules', 'better-sqlite3', 'package.json'))) {
  fail('better-sqlite3 is missing from release/stage/node_modules after npm ci.');
}

// --- 4. electron-builder -------------------------------------------------
// An npm `nodedir` setting (used to build better-sqlite3 against Node's headers)
// would make the Electron rebuild compile against Node's ABI: keep it out.
const builderEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'),
);
step(`electron-builder for Electron ${electronVersion} (artifacts in ${relative(root, output)}/)`);
run(
  process.execPath,
  [
    join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--projectDir',
    stage,
    `-c.electronVersion=${electronVersion}`,
    `-c.directories.output=${output}`,
    ...builderArgs,
  ],
  stage,
  'electron-builder failed. It downloads the Electron zip and headers (to rebuild better-sqlite3 for ' +
    "Electron's ABI) and the AppImage/deb or NSIS tools: run it on a build machine with internet. " +
    'Windows installers are built on Windows. See docs/operations.md.',
  builderEnv,
);
step(`done; installers are in ${relative(root, output)}/`);
