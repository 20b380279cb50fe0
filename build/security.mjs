// `npm run security`: Electronegativity over the Electron code (electron/**) and the built
// renderer page (dist/renderer/index.html, for the CSP check). Offline: the check that
// downloads Electron's release list (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) is excluded.
// Fails (exit 1) on any HIGH severity finding that is not a reviewed false positive below; writes
// the full report to test-results/electronegativity.csv.
import { createRequire } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { transform } from 'esbuild';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js');

/**
 * Checks that need the network, never run here. Global checks are excluded by their class name
 * (AvailableSecurityFixesGlobalCheck = AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK, which downloads
 * Electron's release list). Electronegativity also tries to fetch translations (1 s timeout);
 * offline that fails harmlessly with one line.
 */
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

/**
 * Reviewed findings that are false positives for this code base, by check id and a reason. Keep
 * this list short and justified: anything else HIGH fails the script.
 */
const REVIEWED = {};

for (const need of ['dist/renderer/index.html']) {
  if (!existsSync(join(root, need))) {
    console.error(`security: ${need} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

// What is scanned: the Electron sources (main, preload, the shared contract), each transpiled
// from TypeScript to ES2019 JavaScript with esbuild — names and imports kept — plus the built
// renderer page (for the CSP). Why not the bundles in dist/electron: Electronegativity reads
// only .js/.ts/.html (the bundles are .cjs, so `-i dist/electron` scans nothing), its
// BrowserWindow checks match `new BrowserWindow(…)` by name (the bundle has
// `new import_electron.BrowserWindow(…)`, so they never fire), and its parser predates class
// private fields (ES2019 lowering turns `#x` into WeakMaps).
const input = mkdtempSync(join(tmpdir(), 'tickbench-security-'));
const sources = readdirSync(join(root, 'electron'), { recursive: true, encoding: 'utf8' }).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'),
);
for (const file of sources) {
  const source = readFileSync(join(root, 'electron', file), 'utf8');
  const lowered = await transform(source, {
    loader: 'ts',
    target: 'es2019',
    format: 'esm',
    sourcefile: file,
  });
  const out = join(input, 'electron', file.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, lowered.code);
}
cpSync(join(root, 'dist/renderer/index.html'), join(input, 'renderer/index.html'));
cpSync(join(root, 'package.json'), join(input, 'package.json'));
mkdirSync(join(root, 'test-results'), { recursive: true });
const output = join(root, 'test-results/electronegativity.csv');

let result;
try {
  result = await run(
    {
      input,
      output,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED.map((c) => c.toLowerCase()),
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: require('electron/package.json').version,
      parserPlugins: [],
    },
    false,
  );
} finally {
  rmSync(input, { recursive: true, force: true });
}

const fatal = result.errors.filter((e) => !e.tolerable);
if (result.atomicChecks === 0 || sources.length === 0)
  fatal.push({ file: input, message: 'nothing was scanned' });
for (const e of fatal) console.error(`security: could not parse ${e.file}: ${e.message}`);

const high = [];
for (const issue of result.issues) {
  const severity = issue.severity.name ?? String(issue.severity.value);
  const where = `${issue.file}:${issue.location.line}:${issue.location.column}`;
  const reviewed = REVIEWED[issue.id];
  const tag = reviewed !== undefined ? ` (reviewed: ${reviewed})` : '';
  console.log(
    `${severity.padEnd(13)} ${issue.confidence.name ?? ''} ${issue.id} ${where}${issue.manualReview ? ' [manual review]' : ''}${tag}`,
  );
  if (/high/i.test(severity) && reviewed === undefined) high.push(issue);
}
console.log(
  `security: ${result.issues.length} finding(s) from ${result.atomicChecks} atomic and ${result.globalChecks} global checks; ` +
    `${high.length} unreviewed HIGH; report in test-results/electronegativity.csv`,
);
if (high.length > 0 || fatal.length > 0) process.exit(1);
