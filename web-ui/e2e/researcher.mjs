// Browser scenario: a researcher signs in, submits a search from the form (after fixing a bad
// field), watches it finish live, opens a candidate from the Pareto plot and downloads its model.
// Drives Debian's Chromium through playwright-core. Env: SCULPTOR_URL, SCULPTOR_API_KEY,
// SCULPTOR_SCREENSHOTS (folder), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.env.SCULPTOR_URL ?? 'http://127.0.0.1:8080';
const key = process.env.SCULPTOR_API_KEY;
const shots = process.env.SCULPTOR_SCREENSHOTS ?? 'target/screenshots';
if (!key) { console.error('set SCULPTOR_API_KEY'); process.exit(2); }
mkdirSync(shots, { recursive: true });

const results = [];
const step = async (name, fn) => {
  try { await fn(); results.push([name, true]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, false]); console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`); throw e; }
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const consoleErrors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  // Chromium logs every 4xx response as a console error; the deliberate invalid submit (400/422) is
  // expected and shown to the user, anything else counts.
  page.on('console', m => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|422)/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', e => consoleErrors.push(String(e)));

  await step('sign in shows the team', async () => {
    await page.goto(url + '/');
    await page.fill('#key', key);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('text=Search jobs');
    if (!(await page.textContent('#team')).includes('Team:')) throw new Error('no team name shown');
    await page.screenshot({ path: join(shots, 'jobs-list.png'), fullPage: true });
  });

  let jobUrl;
  await step('a bad field gets its message next to it, then the search is submitted', async () => {
    await page.click('nav >> text=New search');
    await page.waitForSelector('#maxModelBytes');
    await page.fill('#name', 'browser test');
    await page.selectOption('#hardwareTarget', 'host-cpu');
    await page.fill('#maxModelBytes', '10 parsecs');
    await page.click('button:has-text("Submit search")');
    await page.waitForFunction(() => document.querySelector('#err-maxModelBytes').textContent.length > 0);
    const message = await page.textContent('#err-maxModelBytes');
    if (!/unit|parsecs/i.test(message)) throw new Error('unexpected message: ' + message);
    await page.screenshot({ path: join(shots, 'validation.png') });
    await page.fill('#maxModelBytes', '5MB');
    await page.fill('#maxLatencyMs', '50ms');
    await page.fill('#maxCandidates', '3');
    await page.fill('#populationSize', '3');
    await page.selectOption('#dataset', 'synthetic');
    await page.fill('#trainSubset', '500');
    await page.click('button:has-text("Submit search")');
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    jobUrl = page.url();
  });

  await step('the job page updates live to SUCCEEDED', async () => {
    await page.waitForSelector('#status');
    const first = await page.textContent('#status');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'SUCCEEDED', null, { timeout: 240_000 });
    if (page.url() !== jobUrl) throw new Error('page was reloaded or navigated');
    console.log(`     status went from ${first} to SUCCEEDED without a reload`);
    await page.waitForSelector('circle.point');
    await page.screenshot({ path: join(shots, 'job-page.png'), fullPage: true });
  });

  await step('a point of the Pareto plot opens its candidate', async () => {
    await page.click('circle.point >> nth=0');
    await page.waitForSelector('text=Measured metrics');
    await page.screenshot({ path: join(shots, 'candidate-page.png'), fullPage: true });
  });

  await step('the model downloads as a zip', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = join(mkdtempSync(join(tmpdir(), 'model-')), 'model.zip');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    if (statSync(file).size < 100 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new Error('not a zip');
  });

  await step('no console errors', async () => {
    if (consoleErrors.length) throw new Error(consoleErrors.join(' | '));
  });
} catch (e) {
  // reported by step()
} finally {
  await browser.close();
  const passed = results.filter(r => r[1]).length;
  console.log(`browser: ${passed} passed, ${6 - passed} failed`);
  process.exit(passed === 6 ? 0 : 1);
}
