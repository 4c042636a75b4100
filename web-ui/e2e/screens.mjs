// Screenshots of one job's pages at laptop (1280×800) and wide (1920×1080) sizes, for checking the
// layout by eye and for docs/. Fails on console errors. Env: SCULPTOR_URL, SCULPTOR_API_KEY,
// SCULPTOR_JOB (job id; default the newest SUCCEEDED job), SCULPTOR_SCREENSHOTS, CHROMIUM.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const url = (process.env.SCULPTOR_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const key = process.env.SCULPTOR_API_KEY;
const shots = resolve(process.env.SCULPTOR_SCREENSHOTS ?? join(here, '..', 'target', 'screenshots'));
if (!key) throw new Error('set SCULPTOR_API_KEY');
mkdirSync(shots, { recursive: true });
const get = async path => (await fetch(url + '/api/v1' + path, { headers: { Authorization: 'Bearer ' + key } })).json();
const job = process.env.SCULPTOR_JOB ?? (await get('/jobs?status=SUCCEEDED&limit=1')).items[0]?.id;
if (!job) throw new Error('no SUCCEEDED job to show');
const candidates = await get(`/jobs/${job}/candidates?sort=accuracy`);
const best = candidates.find(c => c.onFront) ?? candidates[0];

const profile = mkdtempSync(join(tmpdir(), 'sculptor-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', m => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(url + '/');
  await page.evaluate(k => sessionStorage.setItem('sculptor.apiKey', k), key);
  for (const [name, w, h] of [['laptop', 1280, 800], ['wide', 1920, 1080]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(`${url}/#/jobs/${job}`);
    await page.waitForSelector('a.point-link');
    await page.waitForTimeout(400);
    await page.locator('a.point-link').first().hover();
    await page.screenshot({ path: join(shots, `job-page-${name}.png`), fullPage: true });
    await page.goto(`${url}/#/jobs/${job}/candidates/${best.id}`);
    await page.waitForSelector('.layers .layer-row');
    await page.screenshot({ path: join(shots, `candidate-page-${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${url}/#/new`);
  await page.waitForSelector('#maxModelBytes');
  await page.screenshot({ path: join(shots, 'new-search.png'), fullPage: true });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`screens: job ${job} → ${shots}; console errors: ${errors.length ? errors.join(' | ') : 'none'}`);
process.exit(errors.length ? 1 : 0);
