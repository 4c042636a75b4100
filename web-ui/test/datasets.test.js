import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balanceRows, locate, problemRows, shapeText, uploadParts } from '../src/lib/datasets.js';

test('each format sends its own file parts and options; blanks are left to the api', () => {
  const file = { name: 'x.npz' };
  assert.deepEqual(uploadParts('npz', { name: ' pets ', classes: '', seed: '7', width: '32' }, { file }),
    [['format', 'npz'], ['name', 'pets'], ['seed', '7'], ['file', file]]);
  const images = { name: 'i.idx' };
  const labels = { name: 'l.idx' };
  assert.deepEqual(uploadParts('idx', { classes: '3' }, { images, labels, file }),
    [['format', 'idx'], ['classes', '3'], ['images', images], ['labels', labels]]);
  assert.deepEqual(uploadParts('image-zip', { width: '32', height: '32', channels: '3', classes: '9' }, { file }),
    [['format', 'image-zip'], ['width', '32'], ['height', '32'], ['channels', '3'], ['file', file]]);
});

test('an error points at a form field, a file, or an example of a file', () => {
  assert.deepEqual(locate('classes'), { kind: 'field', name: 'classes', index: null });
  assert.deepEqual(locate('labels.idx[7]'), { kind: 'file', name: 'labels.idx', index: 7 });
  assert.deepEqual(locate('cat/2.png'), { kind: 'file', name: 'cat/2.png', index: null });
  // a file named like a form part but with an index is still a file
  assert.deepEqual(locate('labels[3]'), { kind: 'file', name: 'labels', index: 3 });
  assert.equal(locate('').kind, 'body');
  assert.deepEqual(problemRows({ errors: [{ field: 'y.npy', reason: 'has 1 class' }] }),
    [{ kind: 'file', name: 'y.npy', index: null, reason: 'has 1 class' }]);
  assert.deepEqual(problemRows(null), []);
});

test('class balance rows come from the counts per split; built-ins have none', () => {
  const rows = balanceRows({ classNames: ['cat', 'dog'], countsPerClass: { train: [8, 6], validation: [1, 1], test: [1, 1] },
    classBalance: [0.5556, 0.4444] });
  assert.deepEqual(rows[1], { label: 1, name: 'dog', train: 6, validation: 1, test: 1, share: 0.4444 });
  assert.equal(balanceRows({ classNames: ['0', '1'], countsPerClass: null }), null);
  assert.equal(shapeText({ inputShape: '3x32x32' }), '3×32×32');
});
