// Browser scenario for the Datasets page: a researcher uploads a bad file and sees the API's
// problem (which file, which example, what), uploads a generated RGB dataset with a progress bar,
// sees its classes, balance and a grid of sample images, and deletes it — refused (409) while a job
// names it, done once the job is cancelled. Drives Debian's Chromium through playwright-core.
//
// Env: SCULPTOR_URL (default http://127.0.0.1:8080), SCULPTOR_API_KEY (required),
//      SCULPTOR_SCREENSHOTS (folder, default web-ui/target/screenshots), CHROMIUM (default /usr/bin/chromium).
// Prints one line per step and a summary "datasets: N passed, M failed"; exits non-zero on any failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, launch, scenario } from './scenario.mjs';
import { idx, npz, rgbClasses } from './files.mjs';

const { url, key, shots, step, finish } = scenario('datasets.mjs', 'datasets', 4);
const rest = async (path, init = {}) => {
  const res = await fetch(url + '/api/v1' + path, { ...init,
    headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  return { status: res.status, body: await res.json().catch(() => null) };
};

const profile = mkdtempSync(join(tmpdir(), 'sculptor-chromium-'));
let context;
const consoleErrors = [];
let expectedRejections = 0;
try {
  context = await launch(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  // Chromium reports every 4xx as a console error: the deliberate bad upload (422) and the refused
  // delete (409) are expected, once each; anything else counts.
  page.on('console', m => {
    if (m.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of (409|422)/.test(m.text()) && expectedRejections-- > 0) return;
    consoleErrors.push(m.text());
  });
  page.on('pageerror', e => consoleErrors.push('page error: ' + String(e)));

  await step('a bad labels file is refused naming the file and the example', async () => {
    await page.goto(url + '/');
    await page.waitForSelector('#key');
    await page.fill('#key', key);
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:has-text("Search jobs")');
    await page.click('nav >> text=Datasets');
    await page.waitForSelector('h1:has-text("Datasets")');
    await page.waitForSelector('table.datasets tbody tr');
    check(/mnist-10k/.test(await page.textContent('table.datasets')), 'the built-in datasets are not listed');
    await page.selectOption('#ds-format', 'idx');
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    labels[5] = 9; // out of range for 3 classes
    await page.setInputFiles('#ds-images', { name: 'bad-images.idx', mimeType: 'application/octet-stream', buffer: idx.images(60, 8, 8) });
    await page.setInputFiles('#ds-labels', { name: 'bad-labels.idx', mimeType: 'application/octet-stream', buffer: idx.labels(labels) });
    await page.fill('#ds-classes', '3');
    expectedRejections = 1;
    await page.click('#ds-upload');
    await page.waitForSelector('#ds-errors tr.ds-problem');
    const row = (await page.innerText('#ds-errors tr.ds-problem')).replace(/\s+/g, ' ');
    check(/bad-labels\.idx/.test(row) && /#5/.test(row) && /out of range/.test(row), 'the problem does not name the file, example and reason: ' + row);
    check(/HTTP 422/.test(await page.textContent('#ds-errors')), 'the status is not shown');
    console.log(`     the page says: ${row.trim()}`);
    await page.screenshot({ path: join(shots, 'datasets-error.png'), fullPage: true });
  });

  let datasetId;
  await step('a generated RGB dataset uploads with progress and shows its classes and samples', async () => {
    await page.selectOption('#ds-format', 'npz');
    const data = rgbClasses(3, 24, 16, 16, 7); // 3 classes by dominant colour, 24 images each, 16×16 RGB
    await page.setInputFiles('#ds-file', { name: 'colours.npz', mimeType: 'application/octet-stream', buffer: npz(data) });
    await page.fill('#ds-name', 'browser colours');
    // the progress bar exists while the request is out: record that it appeared
    await page.evaluate(() => {
      window.__progressSeen = false;
      new MutationObserver(() => { if (document.querySelector('#ds-progress [role=progressbar]')) window.__progressSeen = true; })
        .observe(document.querySelector('main'), { subtree: true, childList: true });
    });
    await page.click('#ds-upload');
    await page.waitForURL(/#\/datasets\/ds-[0-9a-f-]{36}$/);
    datasetId = decodeURIComponent(page.url().split('/').pop());
    check(await page.evaluate(() => window.__progressSeen), 'no upload progress bar was shown');
    check(!(await page.isVisible('#ds-errors')), 'the good upload shows a problem');
    await page.waitForSelector('#dataset-detail');
    check((await page.textContent('#dataset-name')).trim() === 'browser colours', 'the detail is not the uploaded dataset');
    check((await page.textContent('#dataset-shape')).trim() === '3×16×16', 'shape: ' + (await page.textContent('#dataset-shape')));
    check((await page.textContent('#dataset-classes')).trim() === '3', 'classes: ' + (await page.textContent('#dataset-classes')));
    const classes = await page.$$eval('tr.class-row', rows => rows.map(r => [...r.cells].map(c => c.textContent.trim())));
    check(classes.length === 3, 'class rows: ' + JSON.stringify(classes));
    for (const cells of classes) {
      const [, , train, validation, test, share] = cells;
      check(Number(train) + Number(validation) + Number(test) === 24 && Number(validation) >= 1 && Number(test) >= 1,
        'counts per split do not add up to 24: ' + cells.join(' | '));
      check(/33\.3%/.test(share), 'class balance: ' + share);
    }
    check(/browser colours/.test(await page.textContent('table.datasets')), 'the new dataset is not in the list');
    await page.waitForSelector('#samples .sample-row');
    await page.waitForFunction(() => [...document.querySelectorAll('#samples img')].every(i => i.complete && i.naturalWidth === 16));
    const perClass = await page.$$eval('#samples .sample-row', rows => rows.map(r => r.querySelectorAll('img').length));
    check(perClass.length === 3 && perClass.every(n => n === 8), 'sample grid per class: ' + perClass);
    // each class's images are of its dominant colour: the browser reads the pixels back
    const dominant = await page.$$eval('#samples .sample-row', rows => rows.map(r => {
      const img = r.querySelector('img');
      const canvas = Object.assign(document.createElement('canvas'), { width: img.naturalWidth, height: img.naturalHeight });
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
      const sum = [0, 0, 0];
      for (let i = 0; i < px.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += px[i + c];
      return sum.indexOf(Math.max(...sum));
    }));
    check(JSON.stringify(dominant) === '[0,1,2]', 'class 0/1/2 images are not mostly red/green/blue: ' + dominant);
    console.log(`     ${datasetId}: 3 classes, 8 samples each, dominant colours red, green, blue`);
    await page.screenshot({ path: join(shots, 'datasets.png'), fullPage: true });
  });

  await step('delete is refused (409) while a job names the dataset, and works once it is cancelled', async () => {
    // a job that waits for a device nobody attached stays QUEUED: it names the dataset without running
    const job = await rest('/jobs', { method: 'POST', body: JSON.stringify({ name: 'holds a dataset', dataset: datasetId,
      hardwareTarget: 'nvidia-gpu', latencyPolicy: 'wait-for-device', constraints: { maxModelBytes: '5MB' },
      budget: { maxCandidates: 2, maxWallClockMinutes: 5 }, finalTraining: { candidates: 0 } }) });
    check(job.status === 202, 'the job was not accepted: ' + JSON.stringify(job.body));
    await page.click('#ds-delete');
    expectedRejections = 1;
    await page.click('#ds-delete-confirm');
    await page.waitForSelector('#dataset-detail .problem');
    const refused = (await page.innerText('#dataset-detail .problem')).replace(/\s+/g, ' ');
    check(/used by a job/i.test(refused) && /queued or running job/.test(refused), 'the 409 is not shown: ' + refused);
    console.log(`     the page says: ${refused.trim()}`);
    const cancelled = await rest(`/jobs/${job.body.id}/cancel`, { method: 'POST' });
    check(cancelled.status === 202 && cancelled.body.status === 'CANCELLED', 'the queued job was not cancelled: ' + JSON.stringify(cancelled.body));
    await page.click('#ds-delete');
    await page.click('#ds-delete-confirm');
    await page.waitForURL(/#\/datasets$/);
    await page.waitForFunction(id => !document.querySelector('table.datasets')?.textContent.includes(id), datasetId);
    check((await rest('/datasets/' + datasetId)).status === 404, 'the dataset is still there');
  });

  await step('no console errors', async () => {
    check(consoleErrors.length === 0, consoleErrors.join(' | '));
  });
} catch {
  // already reported by step()
} finally {
  await context?.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  finish();
}
