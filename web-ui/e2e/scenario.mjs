// What every browser scenario shares: its settings from the environment, numbered steps with a
// pass/fail line each, the summary line the system tests read, and a fresh headless Chromium.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * A scenario named `label` ("browser", "datasets") of `steps` steps. Without SCULPTOR_API_KEY it
 * reports every step failed and exits 2.
 */
export function scenario(script, label, steps) {
  const url = (process.env.SCULPTOR_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  const key = process.env.SCULPTOR_API_KEY;
  const shots = resolve(process.env.SCULPTOR_SCREENSHOTS ?? join(here, '..', 'target', 'screenshots'));
  if (!key) {
    console.error(`${script}: set SCULPTOR_API_KEY (./sculptor start prints one)`);
    console.log(`${label}: 0 passed, ${steps} failed`);
    process.exit(2);
  }
  mkdirSync(shots, { recursive: true });

  const results = [];
  const step = async (name, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      results.push([name, true]);
      console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      results.push([name, false]);
      console.log(`FAIL ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
      throw e;
    }
  };
  /** Prints the summary and exits: 0 only when every step passed. */
  const finish = () => {
    const passed = results.filter(r => r[1]).length;
    console.log(`screenshots: ${shots}`);
    console.log(`${label}: ${passed} passed, ${steps - passed} failed`);
    process.exit(passed === steps ? 0 : 1);
  };
  return { url, key, shots, step, finish };
}

export const check = (cond, message) => { if (!cond) throw new Error(message); };

/** Debian's Chromium, headless, on a fresh throwaway profile folder: nothing from earlier runs leaks in. */
export function launch(profile, options = {}) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    ...options,
  });
}
