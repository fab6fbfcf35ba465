// Small test files made on the spot: a CSV with a daily time column, a PNG, and files whose
// names and cells are HTML that would run if the console ever parsed data as markup.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (let n = 0; n < buf.length; n += 1) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A w×h RGB gradient as PNG bytes. */
export function png(w, h) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y += 1) {
    const row = y * (w * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < w; x += 1) {
      raw[row + 1 + x * 3] = Math.floor((x * 255) / w);
      raw[row + 2 + x * 3] = Math.floor((y * 255) / h);
      raw[row + 3 + x * 3] = 160;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const XSS_NAME = '<img src=x onerror=window.__xss=1>.csv';

export function makeFiles(dir) {
  const csv = ['date,store,sales'];
  for (let d = 1; d <= 28; d += 1) csv.push(`2026-02-${String(d).padStart(2, '0')},north,${100 + d * 3}`);
  const files = {
    csv: join(dir, 'sales.csv'),
    image: join(dir, 'harbour.png'),
    xss: join(dir, XSS_NAME),
  };
  writeFileSync(files.csv, `${csv.join('\n')}\n`);
  writeFileSync(files.image, png(320, 200));
  writeFileSync(files.xss, [
    'name,note',
    '"<img src=x onerror=""window.__xss=2"">",<script>window.__xss=3</script>',
    '"<svg onload=window.__xss=4>",<a href=javascript:window.__xss=5>x</a>',
  ].join('\n'));
  return files;
}
