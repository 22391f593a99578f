// node scripts/wasm-budget.mjs PKG_DIR BUDGET_FILE: the WASM each route needs before it is
// interactive (the main module plus its lazy route's modules, from the splitter's manifest),
// raw, gzip and brotli, one line per route of BUDGET_FILE (app/src/wasm-budget.txt). Exits 1
// when a route is over its gzip budget, when a lazy module of the file is missing from the
// manifest (renamed?), or when a lazy module of the manifest has no route in the file.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [pkg, budgetFile] = process.argv.slice(2);
if (!pkg || !budgetFile) {
  console.error('usage: node scripts/wasm-budget.mjs PKG_DIR BUDGET_FILE');
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'split-manifest.json'), 'utf8'));

const sizes = new Map();
function size(stem) {
  if (!sizes.has(stem)) {
    const raw = fs.readFileSync(path.join(pkg, `${stem}.wasm`));
    sizes.set(stem, {
      raw: raw.length,
      gzip: zlib.gzipSync(raw, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(raw, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
      }).length,
    });
  }
  return sizes.get(stem);
}

// The split of `#[lazy] fn org_pages` is `org_pages_<hash>` (app/src/routes.rs).
const isSplitOf = (key, group) => new RegExp(`^_*${group}_\\d+$`).test(key);

const problems = [];
const budgeted = new Set();
const lines = [];
for (const [n, line] of fs.readFileSync(budgetFile, 'utf8').split('\n').entries()) {
  const text = line.replace(/#.*/, '').trim();
  if (!text) continue;
  const [route, lazy, budget] = text.split(/\s+/);
  const kb = Number(budget);
  if (!route || !lazy || !Number.isFinite(kb)) {
    problems.push(`${budgetFile}:${n + 1}: expected "PATH LAZY-MODULE|- BUDGET-KB", got "${text}"`);
    continue;
  }
  const modules = ['keyport_bg'];
  if (lazy !== '-') {
    const key = Object.keys(manifest).find((k) => isSplitOf(k, lazy));
    if (!key) {
      problems.push(`${route}: no split module for ${lazy} in the manifest (renamed, or no longer lazy?)`);
      continue;
    }
    budgeted.add(key);
    modules.push(...manifest[key]);
  }
  const total = modules.map(size).reduce(
    (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
  const over = total.gzip > kb * 1000;
  if (over) problems.push(`${route}: ${(total.gzip / 1000).toFixed(1)} KB gzip, over its budget of ${kb} KB`);
  lines.push({ route, modules: modules.length, ...total, kb, over });
}
for (const key of Object.keys(manifest)) {
  if (!budgeted.has(key)) problems.push(`lazy module ${key} has no route in ${budgetFile}`);
}

const k = (n) => (n / 1000).toFixed(1).padStart(7);
console.log('wasm per route, KB (1,000 bytes): main module + the route\'s modules');
console.log(`${'route'.padEnd(32)} modules     raw    gzip  brotli  budget (gzip)`);
for (const l of lines) {
  console.log(
    `${l.route.padEnd(32)} ${String(l.modules).padStart(7)} ${k(l.raw)} ${k(l.gzip)} ${k(l.brotli)}  ${String(l.kb).padStart(6)}${l.over ? '  OVER' : ''}`,
  );
}
const all = fs.readdirSync(pkg).filter((f) => f.endsWith('.wasm'));
const whole = all.map((f) => size(f.slice(0, -5))).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
console.log(`all ${all.length} modules together: ${k(whole.raw).trim()} KB raw, ${k(whole.gzip).trim()} KB gzip`);
if (problems.length) {
  for (const p of problems) console.error(`wasm budget: ${p}`);
  process.exit(1);
}
