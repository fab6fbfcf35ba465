// Measures, in chromium, how long the console takes to show the first page of a bucket of
// 10,000 objects: from a cold start (the console's first load) and from a click on the bucket.
// Not part of the suite (filling the bucket takes a while); run by hand against a running Silo:
//   SILO_URL=http://127.0.0.1:8080 SILO_KEY=<api key> node server/src/test/browser/listing-bench.mjs
import { chromium } from 'playwright-core';

const BASE = process.env.SILO_URL;
const KEY = process.env.SILO_KEY;
const BUCKET = process.env.BUCKET || 'ten-thousand';
const N = 10000;
const auth = { Authorization: `Bearer ${KEY}` };

async function fillBucket() {
  await fetch(`${BASE}/v1/buckets`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: BUCKET }) });
  const have = await (await fetch(`${BASE}/v1/buckets/${BUCKET}`, { headers: auth })).json();
  let next = have.usage ? have.usage.objects : 0;
  const t = Date.now();
  const worker = async () => {
    while (next < N) {
      const i = next;
      next += 1;
      const key = `logs/${String(i % 100).padStart(2, '0')}/entry-${String(i).padStart(5, '0')}.json`;
      const r = await fetch(`${BASE}/v1/objects/${key}?bucket=${BUCKET}`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: `{"i":${i}}` });
      if (r.status !== 200 && r.status !== 201) throw new Error(`PUT ${key}: ${r.status} ${await r.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return Date.now() - t;
}

const fillMs = await fillBucket();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const results = [];
const views = [['bucket root (one folder over 10,000 keys)', ''], ['logs/ (100 folders over 10,000 keys)', 'logs/'], ['logs/00/ (a page of 100 objects)', 'logs/00/']];
for (let run = 0; run < 3; run += 1) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // sign in through the form (the key goes to sessionStorage)
  await page.goto(`${BASE}/console/`);
  await page.fill('#token', KEY);
  await page.press('#token', 'Enter');
  await page.locator('h1', { hasText: 'Buckets' }).waitFor();
  const row = { run };
  for (const [name, prefix] of views) {
    // a full page load each time: the console's files (revalidated) and the first page of the listing
    const t = Date.now();
    await page.goto(`${BASE}/console/#/bucket?b=${BUCKET}${prefix ? `&p=${encodeURIComponent(prefix)}` : ''}`);
    await page.locator('tbody tr').first().waitFor();
    row[name] = Date.now() - t;
  }
  results.push(row);
  await context.close();
}
await browser.close();
console.log(JSON.stringify({ objects: N, fillMs, results }));
