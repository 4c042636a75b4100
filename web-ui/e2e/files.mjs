// Small dataset files for the browser tests, generated here: IDX image and label files, and an
// .npz (a stored zip of two .npy arrays) of RGB images whose class is their dominant colour.

/** Deterministic pseudo-random bytes (a 32-bit LCG), so every run uploads the same files. */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24);
}

export const idx = {
  /** N×H×W uint8 images with magic 0x803. */
  images(n, h, w, seed = 1) {
    const next = random(seed);
    const out = Buffer.alloc(16 + n * h * w);
    out.writeUInt32BE(0x803, 0);
    out.writeUInt32BE(n, 4);
    out.writeUInt32BE(h, 8);
    out.writeUInt32BE(w, 12);
    for (let i = 16; i < out.length; i++) out[i] = next();
    return out;
  },
  /** Labels with magic 0x801. */
  labels(labels) {
    const out = Buffer.alloc(8 + labels.length);
    out.writeUInt32BE(0x801, 0);
    out.writeUInt32BE(labels.length, 4);
    labels.forEach((l, i) => { out[8 + i] = l; });
    return out;
  },
};

/**
 * {x: (N, H, W, 3) uint8 channels-last, y: (N,) labels, shape}: class c's images are noise with
 * channel c (red, green, blue, then repeating) raised, so a network can learn the class from colour.
 */
export function rgbClasses(classes, perClass, h, w, seed = 1) {
  const next = random(seed);
  const n = classes * perClass;
  const x = Buffer.alloc(n * h * w * 3);
  const y = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    const label = i % classes;
    y[i] = label;
    for (let p = 0; p < h * w; p++) {
      for (let c = 0; c < 3; c++) x[(i * h * w + p) * 3 + c] = (c === label % 3 ? 140 : 0) + (next() % 100);
    }
  }
  return { x, y, shape: [n, h, w, 3] };
}

function npy(shape, data) {
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${shape.join(', ')},), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head[0] = 0x93;
  head.write('NUMPY', 1, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of the given entries, stored (no compression): what np.savez writes. */
function zip(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name, 'latin1');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    central.push(dir, n);
    offset += local.length + n.length + data.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

/** An .npz with x and y as np.savez writes them. */
export function npz({ x, y, shape }) {
  return zip([['x.npy', npy(shape, x)], ['y.npy', npy([shape[0]], y)]]);
}
