// Browser scenario: a researcher signs in, meets a validation message from the API next to a bad
// field, reads the API's preview of the budget, submits a tiny search from the form, watches the job page go to SUCCEEDED live (no
// reload), opens a candidate from the Pareto plot, downloads its model (ONNX and the DJL zip) and the final-trained member's
// final and search models, and sees no console errors.
// Drives Debian's Chromium through playwright-core (browsers cannot be downloaded here).
//
// Env: SCULPTOR_URL (default http://127.0.0.1:8080), SCULPTOR_API_KEY (required),
//      SCULPTOR_SCREENSHOTS (folder, default web-ui/target/screenshots), CHROMIUM (default /usr/bin/chromium),
//      SCULPTOR_JOB_TIMEOUT_S (how long the job may take, default 300).
// Prints one line per step and a summary "browser: N passed, M failed"; exits non-zero on any failure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, launch, scenario } from './scenario.mjs';

const { url, key, shots, step, finish } = scenario('researcher.mjs', 'browser', 6);
const jobTimeout = 1000 * Number(process.env.SCULPTOR_JOB_TIMEOUT_S ?? 300);

const profile = mkdtempSync(join(tmpdir(), 'sculptor-chromium-'));
const downloads = mkdtempSync(join(tmpdir(), 'sculptor-downloads-'));
let context;
const consoleErrors = [];
let expectedRejections = 0;
try {
  // A persistent context on a fresh, throwaway profile folder: nothing from earlier runs leaks in.
  context = await launch(profile, {
    acceptDownloads: true,
    downloadsPath: downloads,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  // Chromium reports every 4xx response as a console error. The one deliberate invalid submit
  // (the API answers 400/422 with problem details, shown next to the field) is expected once, and
  // so are the form's previews of it (POST /jobs/preview answers a bad spec as a submit would);
  // anything else counts as an error.
  page.on('console', m => {
    if (m.type() !== 'error') return;
    const rejected = /Failed to load resource: the server responded with a status of (400|422)/.test(m.text());
    if (rejected && /\/api\/v1\/jobs\/preview$/.test(m.location()?.url ?? '')) return;
    if (rejected && expectedRejections-- > 0) return;
    consoleErrors.push(m.text());
  });
  page.on('pageerror', e => consoleErrors.push('page error: ' + String(e)));

  await step('sign in shows the team', async () => {
    await page.goto(url + '/');
    await page.waitForSelector('#key');
    await page.fill('#key', key);
    await page.keyboard.press('Enter'); // the form submits from the keyboard
    await page.waitForSelector('h1:has-text("Search jobs")');
    const team = await page.textContent('#team');
    check(/Team:\s*\S/.test(team ?? ''), 'no team name in the header: ' + team);
    check(await page.evaluate(() => !localStorage.length && !!sessionStorage.getItem('sculptor.apiKey')), 'the key must live in sessionStorage only');
  });

  let jobUrl;
  await step('a bad field gets its message next to it, then the search is submitted', async () => {
    await page.click('nav >> text=New search');
    await page.waitForSelector('#maxModelBytes');
    await page.click('button.preset:has-text("10 MB / 50 ms")');
    check((await page.inputValue('#hardwareTarget')) === 'arm-cortex-a72', 'the ARM preset did not fill the target');
    await page.fill('#name', 'browser test ' + new Date().toISOString());
    // Kept on the ARM target, which no evaluator here is: every latency must be a prediction for it
    // (the API's preview says so once the form has settled).
    await page.waitForFunction(() => /predicted/i.test(document.querySelector('#latency-plan')?.textContent ?? ''), null, { timeout: 10_000 })
      .catch(() => { throw new Error('the form does not say ARM latency will be predicted'); });
    await page.fill('#maxModelBytes', '10 parsecs');
    expectedRejections = 1;
    await page.click('button:has-text("Submit search")');
    await page.waitForFunction(() => document.querySelector('#err-maxModelBytes')?.textContent.trim().length > 0);
    const message = await page.textContent('#err-maxModelBytes');
    check(/unit|parsecs|size/i.test(message), 'unexpected message: ' + message);
    check((await page.getAttribute('#maxModelBytes', 'aria-invalid')) === 'true', 'the bad field is not marked invalid');
    console.log(`     API said next to the size field: "${message.trim()}"`);
    await page.screenshot({ path: join(shots, 'validation.png') });
    // A tiny budget on the small synthetic dataset, so the search ends in a minute or two.
    await page.fill('#maxModelBytes', '5MB');
    check((await page.textContent('#err-maxModelBytes')).trim() === '', 'the message did not clear once the field changed');
    await page.fill('#maxLatencyMs', '50ms');
    await page.selectOption('#dataset', 'synthetic');
    await page.fill('#maxCandidates', '3');
    await page.fill('#populationSize', '3');
    await page.fill('#maxWallClockMinutes', '10');
    await page.fill('#epochs', '1');
    await page.fill('#fineTuneEpochs', '1');
    await page.fill('#trainSubset', '500');
    await page.fill('#finalCandidates', '1');
    await page.fill('#finalEpochs', '1');
    // the API's preview of this budget: all 3 candidates fit
    await page.waitForFunction(() => document.querySelector('#estimate-candidates')?.textContent === '3', null, { timeout: 10_000 })
      .catch(() => { throw new Error('no budget preview of 3 candidates from the API'); });
    await page.click('button:has-text("Submit search")');
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    jobUrl = page.url();
  });

  await step('the job page updates live to SUCCEEDED', async () => {
    await page.waitForSelector('#job-status');
    const first = (await page.textContent('#job-status')).trim();
    // A marker on window survives only if the page is never reloaded; the observer records what
    // the live stream changed on screen.
    await page.evaluate(() => {
      window.__noReload = true;
      window.__seen = new Set();
      const note = () => ['#job-status', '#evaluated', '#generation'].forEach(s => window.__seen.add(s + '=' + document.querySelector(s)?.textContent));
      note();
      new MutationObserver(note).observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true });
    });
    await page.waitForFunction(() => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(document.querySelector('#job-status')?.textContent), null, { timeout: jobTimeout });
    const ended = await page.textContent('#job-status');
    if (ended !== 'SUCCEEDED') {
      await page.screenshot({ path: join(shots, 'job-page.png'), fullPage: true });
      throw new Error(`the job ended ${ended}: ${(await page.textContent('.problem').catch(() => '')) || 'no reason shown'}`);
    }
    check(page.url() === jobUrl && (await page.evaluate(() => window.__noReload === true)), 'the page was reloaded or navigated');
    const seen = await page.evaluate(() => [...window.__seen]);
    console.log(`     status went from ${first} to SUCCEEDED without a reload; values seen live: ${seen.filter(s => !s.startsWith('#generation')).join(', ')}`);
    check(first === 'SUCCEEDED' || seen.length > 3, 'nothing changed on screen before SUCCEEDED');
    await page.waitForSelector('a.point-link');
    await page.waitForTimeout(500); // let the last refresh after the final event settle before the picture
    const labels = await page.$$eval('table.candidates td.latency-cell', cells => cells.map(c => c.textContent.trim()).filter(t => t && t !== '–'));
    check(labels.length > 0, 'no latency in the candidates table');
    for (const label of labels) {
      check(/predicted for arm-cortex-a72 ± \d+%/.test(label) && !/measured on/.test(label),
        `a latency on the job page does not say it is predicted for arm-cortex-a72 with its band: "${label}"`);
    }
    console.log(`     ${labels.length} latencies on the job page, each "${labels[0].replace(/^.*?(predicted[^)]*).*$/, '$1')}"`);
    await page.screenshot({ path: join(shots, 'job-page.png'), fullPage: true });
  });

  await step('a point of the Pareto plot opens its candidate', async () => {
    const point = page.locator('a.point-link').first();
    await point.hover();
    await page.waitForSelector('.tooltip');
    check(/%/.test(await page.textContent('.tooltip')), 'hover shows no details');
    await point.click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}\/candidates\/[0-9a-f-]{36}$/);
    await page.waitForSelector('h2:has-text("Metrics and where they come from")');
    await page.waitForSelector('.layers .layer-row');
    const source = await page.textContent('table.metrics');
    check(/measured on|predicted for/.test(source), 'the metrics do not say where they come from');
    const header = await page.textContent('#latency-provenance');
    check(/predicted for arm-cortex-a72 ± \d+%/.test(header), `the candidate's latency does not say it is predicted for arm-cortex-a72 with its band: "${header}"`);
    await page.screenshot({ path: join(shots, 'candidate-page.png'), fullPage: true });
  });

  await step('the model downloads as ONNX, and as the DJL zip on request', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = join(downloads, 'model.onnx');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    check(bytes.length > 100, `the download has ${bytes.length} bytes`);
    // an ONNX ModelProto starts with field 1, ir_version (varint tag 0x08), which the exporter sets to 8
    check(bytes[0] === 0x08 && bytes[1] === 0x08, 'the download is not an ONNX model with IR version 8');
    check(download.suggestedFilename().endsWith('.onnx'), `the download is named ${download.suggestedFilename()}`);
    console.log(`     ${download.suggestedFilename()}: ${bytes.length} bytes, onnx`);
    const [djl] = await Promise.all([page.waitForEvent('download'), page.click('#download-djl')]);
    const zipFile = join(downloads, 'model.zip');
    await djl.saveAs(zipFile);
    const zip = readFileSync(zipFile);
    check(zip[0] === 0x50 && zip[1] === 0x4b && zip[2] === 0x03 && zip[3] === 0x04, 'the DJL download is not a zip');
    console.log(`     ${djl.suggestedFilename()}: ${zip.length} bytes, zip`);

    // the member the final phase trained again: its final model by default, its search model on request
    const jobId = jobUrl.match(/#\/jobs\/([0-9a-f-]{36})/)[1];
    const front = await (await fetch(`${url}/api/v1/jobs/${jobId}/pareto`, { headers: { Authorization: `Bearer ${key}` } })).json();
    const trained = front.candidates.find(c => c.finalTraining?.hasModel);
    check(trained, 'no front member has a final model');
    await page.goto(`${jobUrl}/candidates/${trained.id}`);
    await page.waitForSelector('#final-training table.metrics');
    check(/final/i.test(await page.textContent('#download')), 'the download button does not say it gives the final model');
    const saved = async (button, name) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      await d.saveAs(join(downloads, name));
      return { name: d.suggestedFilename(), bytes: readFileSync(join(downloads, name)) };
    };
    const finalModel = await saved('#download', 'final.onnx');
    const searchModel = await saved('#download-search', 'search.onnx');
    check(searchModel.name.endsWith('-search.onnx') && searchModel.bytes[0] === 0x08 && searchModel.bytes[1] === 0x08,
      `the search model download is not an ONNX model named *-search.onnx: ${searchModel.name}`);
    check(!finalModel.bytes.equals(searchModel.bytes), 'the search model download is the final model');
    console.log(`     final-trained member ${trained.id.slice(0, 8)}: ${finalModel.name} ${finalModel.bytes.length} bytes, ${searchModel.name} ${searchModel.bytes.length} bytes`);
  });

  await step('keyboard opens a point, compare and jobs list render; no console errors', async () => {
    await page.goto(jobUrl);
    await page.waitForSelector('a.point-link');
    // Points are links: focus one and press Enter, as a keyboard user would.
    await page.focus('a.point-link');
    check(await page.isVisible('.tooltip'), 'focusing a point shows no details');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/candidates\//);
    await page.goBack();
    await page.waitForSelector('table.candidates tbody input[type=checkbox]');
    const boxes = page.locator('table.candidates tbody input[type=checkbox]');
    if ((await boxes.count()) >= 2) {
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.click('#compare');
      await page.waitForSelector('h1:has-text("Compare")');
      await page.screenshot({ path: join(shots, 'compare.png'), fullPage: true });
    }
    await page.click('nav >> text=Jobs');
    await page.waitForSelector('table.jobs tbody tr');
    await page.screenshot({ path: join(shots, 'jobs-list.png'), fullPage: true });
    check(consoleErrors.length === 0, consoleErrors.join(' | '));
  });
} catch {
  // already reported by step()
} finally {
  await context?.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  rmSync(downloads, { recursive: true, force: true });
  finish();
}
