// Time to interactive of portal pages in Debian's Chromium (issue 14, item 5), driven by
// bench/tti.sh, which starts the server and signs in. Each load is cold: a fresh browser
// context, so no HTTP cache, no compiled-WASM cache and no open connections, carrying only the
// session cookie. Every time is the page's own clock, `performance.now()`, which counts from
// the navigation start; Node's timers measure nothing here.
//
// TTI is when a MutationObserver, installed before any page script, sees
// `<html data-hydrated="true">`, which the frontend sets once hydration has finished. The
// script also watches every WASM instantiation (main module, shared chunks, the route's own),
// as a check on the marker: with lazy routes, a marker set from an effect in `App` comes at
// the first await of hydration, while the route's module is still loading (builds before
// frontend/src/lib.rs set it after `hydrate_from_async`). A marker earlier than the last
// instantiation is reported, with the end of that instantiation's task: hydrating the route
// is the chain of promise reactions it sets off, so a task posted then runs once it is done.
//
// Input, from the environment:
//   TTI_URL             the server, e.g. http://127.0.0.1:3100
//   TTI_RUNS            loads per page and condition (medians are reported)
//   TTI_MEMBER_COOKIE   `name=value` of a customer's session (Max Member of Acme Corp)
//   TTI_ADMIN_COOKIE    `name=value` of a vendor admin's session
//   TTI_VERBOSE         when set, every load's figures as a JSON line on stderr
//   KEYPORT_E2E_CHROMIUM  the browser, /usr/bin/chromium unless set (as in end2end/)
// Prints a Markdown table: one line per page and condition.
import { createRequire } from 'node:module';
// Chromium launched as the tests launch it (end2end/playwright.config.ts).
import { launchOptions } from '../end2end/chromium.mjs';

// Playwright lives in end2end/node_modules (never its own browsers: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD).
const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const base = need('TTI_URL');
const runs = Number.parseInt(process.env.TTI_RUNS ?? '10', 10);
if (!(runs > 0)) throw new Error(`TTI_RUNS must be a positive number, not ${process.env.TTI_RUNS}`);
const verbose = Boolean(process.env.TTI_VERBOSE);
const TIMEOUT_MS = 120_000;

const PAGES = [
  { label: '/login, signed out', path: '/login', cookie: null },
  { label: '/ (customer: a member)', path: '/', cookie: need('TTI_MEMBER_COOKIE') },
  { label: '/licenses (customer: a member)', path: '/licenses', cookie: need('TTI_MEMBER_COOKIE') },
  { label: '/vendor (vendor admin)', path: '/vendor', cookie: need('TTI_ADMIN_COOKIE') },
];

// Lighthouse's mobile figures, applied by DevTools' own throttling (not Lighthouse's simulated
// one, which would also stretch the latency by 3.75x): 4x slower CPU, 1.6 Mbit/s down,
// 750 kbit/s up, 150 ms added to every request.
const THROTTLED = {
  cpuRate: 4,
  network: {
    offline: false,
    latency: 150,
    downloadThroughput: 1.6e6 / 8,
    uploadThroughput: 750e3 / 8,
  },
};
const CONDITIONS = [
  { label: 'unthrottled', throttle: null },
  { label: '4x CPU, 1.6 Mbps, 150 ms', throttle: THROTTLED },
];

// Runs in every document before its own scripts. Observes `document` (with its subtree)
// rather than `<html>`, which may not exist yet.
function instrument() {
  const state = {
    pending: 0,
    instantiated: 0,
    resolvedAt: undefined,
    settledAt: undefined,
    markerAt: undefined,
  };
  window.__kpTti = state;
  new MutationObserver(() => {
    if (state.markerAt === undefined
      && document.documentElement?.getAttribute('data-hydrated') === 'true') {
      state.markerAt = performance.now();
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-hydrated'],
  });
  // A message is a task of its own: it runs after every promise reaction the instantiation
  // set off (the Rust futures it wakes run as microtasks), without setTimeout's clamping.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    state.pending -= 1;
    state.instantiated += 1;
    if (state.pending === 0) state.settledAt = performance.now();
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      state.pending += 1;
      const result = original.apply(this, args);
      // This reaction is the promise's first, so it runs before the code awaiting it: a
      // marker set by that code comes after `resolvedAt`.
      const done = () => {
        state.resolvedAt = performance.now();
        channel.port2.postMessage(null);
      };
      result.then(done, done);
      return result;
    };
  }
}

const browser = await chromium.launch(launchOptions);

const files = new Map();
const early = new Map(CONDITIONS.map((condition) => [condition, 0]));
try {
  console.log(`Chromium ${browser.version()}, ${runs} cold loads per line (median; min-max), ${base}\n`);
  console.log('| page | condition | TTI | TTI min-max | FCP | TTFB '
    + '| WASM transferred (files, encoding, unpacked) | everything transferred |');
  console.log('|---|---|--:|--:|--:|--:|--:|--:|');
  for (const condition of CONDITIONS) {
    // One load of each page first, not counted: the server's caches and Chromium's own start-up
    // (its shared processes) are then the same for every counted load.
    for (const page of PAGES) await load(page, condition);
    const samples = new Map(PAGES.map((page) => [page, []]));
    // Round robin over the pages, so a slow spell of the machine hits them all alike.
    for (let run = 0; run < runs; run++) {
      for (const page of PAGES) samples.get(page).push(await load(page, condition));
    }
    for (const page of PAGES) {
      console.log(row(page, condition, samples.get(page)));
      if (condition.throttle === null) files.set(page, samples.get(page)[0].wasmFiles);
      early.set(condition, early.get(condition)
        + samples.get(page).filter((s) => s.marker < s.resolved).length);
    }
  }
  console.log('\nTTI: navigation start to `html[data-hydrated="true"]`, in the page. TTFB '
    + 'unthrottled only: DevTools applies its latency after the network stack has timed the response.');
  for (const condition of CONDITIONS) {
    console.log(`Marker set before the last WASM module was instantiated (${condition.label}): `
      + `${early.get(condition)} of ${runs * PAGES.length} loads${early.get(condition) > 0
        ? ': TTI is too early there; see "all WASM in" in those lines' : ''}.`);
  }
  console.log('WASM files each page loaded:');
  for (const page of PAGES) console.log(`  ${page.path}: ${summary(files.get(page))}`);
} finally {
  await browser.close();
}

// One cold load; returns what the page measured.
async function load(page, condition) {
  const context = await browser.newContext();
  try {
    if (page.cookie !== null) {
      const at = page.cookie.indexOf('=');
      await context.addCookies([
        { name: page.cookie.slice(0, at), value: page.cookie.slice(at + 1), url: base },
      ]);
    }
    await context.addInitScript(instrument);
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    const encodings = new Set();
    tab.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('.wasm')) {
        encodings.add(response.headers()['content-encoding'] ?? 'identity');
      }
    });
    if (condition.throttle !== null) {
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.throttle.cpuRate });
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', condition.throttle.network);
    }
    const url = new URL(page.path, base).href;
    await tab.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    try {
      await tab.waitForFunction(
        () => window.__kpTti.markerAt !== undefined && window.__kpTti.pending === 0
          && window.__kpTti.settledAt !== undefined,
        undefined,
        { polling: 50, timeout: TIMEOUT_MS },
      );
    } catch (error) {
      throw new Error(`${url} did not hydrate (${condition.label})`
        + `${errors.length > 0 ? `; errors in the page: ${errors.join('; ')}` : ''}: ${error.message}`);
    }
    if (new URL(tab.url()).pathname !== page.path) {
      throw new Error(`${url} ended at ${tab.url()}: the session cookie was not accepted`);
    }
    if (errors.length > 0) throw new Error(`errors in ${url}: ${errors.join('; ')}`);
    await tab.waitForLoadState('load', { timeout: TIMEOUT_MS });
    const measured = await tab.evaluate(() => {
      const state = window.__kpTti;
      const navigation = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const wasm = resources.filter((entry) => new URL(entry.name).pathname.endsWith('.wasm'));
      const sum = (entries, key) => entries.reduce((total, entry) => total + entry[key], 0);
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        marker: state.markerAt,
        resolved: state.resolvedAt,
        settled: state.settledAt,
        instantiated: state.instantiated,
        fcp: fcp === undefined ? null : fcp.startTime,
        ttfb: navigation.responseStart,
        wasmFiles: wasm.map((entry) => new URL(entry.name).pathname),
        wasmTransferred: sum(wasm, 'transferSize'),
        wasmEncoded: sum(wasm, 'encodedBodySize'),
        wasmDecoded: sum(wasm, 'decodedBodySize'),
        allTransferred: navigation.transferSize + sum(resources, 'transferSize'),
        requests: resources.length + 1,
      };
    });
    const result = { ...measured, encodings: [...encodings].sort() };
    if (verbose) {
      console.error(JSON.stringify({
        page: page.path, condition: condition.label, ...result, wasmFiles: result.wasmFiles.length,
      }));
    }
    return result;
  } finally {
    await context.close();
  }
}

function row(page, condition, samples) {
  const tti = samples.map((s) => s.marker);
  const early = samples.filter((s) => s.marker < s.resolved);
  // Where the marker came too early: when the last module's hydration work had run.
  const note = early.length === 0 ? ''
    : ` (marker early in ${early.length} of ${samples.length}; all WASM in: `
      + `${ms(median(samples.map((s) => Math.max(s.marker, s.settled))))})`;
  const fcp = samples.map((s) => s.fcp).filter((t) => t !== null);
  const last = samples[samples.length - 1];
  // A cold load transfers every file again: a file with a body but nothing transferred came
  // from a cache, and the load was not cold.
  if (samples.some((s) => s.wasmEncoded > 0 && s.wasmTransferred < s.wasmEncoded)) {
    throw new Error(`${page.path}: WASM came from a cache (${condition.label})`);
  }
  const count = last.wasmFiles.length === 1 ? '1 file' : `${last.wasmFiles.length} files`;
  const encoding = last.encodings.join('+') || 'none';
  return [
    page.label,
    condition.label,
    `${ms(median(tti))}${note}`,
    `${ms(Math.min(...tti))}-${ms(Math.max(...tti))}`,
    fcp.length > 0 ? ms(median(fcp)) : 'n/a',
    condition.throttle === null ? ms(median(samples.map((s) => s.ttfb))) : 'n/a',
    `${kib(median(samples.map((s) => s.wasmTransferred)))} (${count}, ${encoding}, `
      + `${kib(last.wasmDecoded)})`,
    `${kib(median(samples.map((s) => s.allTransferred)))} in ${last.requests} requests`,
  ].reduce((line, cell) => `${line} ${cell} |`, '|');
}

// The files by name, with the shared pieces of split modules (chunk_N.wasm) counted, not named.
function summary(paths) {
  const names = paths.map((path) => path.slice(path.lastIndexOf('/') + 1));
  const chunk = /^chunk_\d+\.wasm$/;
  const chunks = names.filter((name) => chunk.test(name)).length;
  const named = names.filter((name) => !chunk.test(name))
    .map((name) => name.replace(/_\d{8,}\.wasm$/, '.wasm'));
  return [...named, ...(chunks > 0 ? [`${chunks} chunk_*.wasm`] : [])].join(', ') || 'none';
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function ms(value) {
  return `${Math.round(value).toLocaleString('en')} ms`;
}

function kib(bytes) {
  return `${(bytes / 1024).toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} KiB`;
}

function need(name) {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set (run bench/tti.sh)`);
  return value;
}
