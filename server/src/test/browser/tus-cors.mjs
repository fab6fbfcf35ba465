// A page of another origin uploads a file through TUS with tus-js-client, in Debian's chromium
// driven by playwright-core, as a web app does: its back end reserved the upload (a creation URL
// carrying an upload token) and the page sends the file in chunks, then downloads it through a
// signed URL, and another file in two partial uploads at once (parallelUploads). No origin is
// allowed by the operator; the bucket's own CORS rules allow the page's.
// A page of an origin the rules do not allow cannot even create the upload.
// Run by server/src/test/java/dev/silo/server/tus/TusCorsBrowserTest.java.
import { chromium } from 'playwright-core';

const { PAGE_URL, UPLOAD_URL, OTHER_UPLOAD_URL, PARALLEL_UPLOAD_URL, SIGNED_URL_OF } = process.env;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(PAGE_URL);
  await page.waitForFunction(() => typeof window.tus === 'object');
  const uploaded = await page.evaluate(async (endpoint) => {
    const bytes = new Uint8Array(300 * 1024);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31) % 251;
    const file = new Blob([bytes], { type: 'application/octet-stream' });
    const chunks = [];
    const url = await new Promise((resolve, reject) => {
      const upload = new window.tus.Upload(file, {
        endpoint,
        chunkSize: 100 * 1024, // three PATCHes, each preflighted and answered by the bucket's rules
        metadata: { filename: 'from-page.bin', filetype: 'application/octet-stream' },
        onChunkComplete: (size, sent) => chunks.push(sent),
        onError: reject,
        onSuccess: () => resolve(upload.url),
      });
      upload.start();
    });
    return { url, chunks, size: bytes.length };
  }, UPLOAD_URL);

  // a second file in two partial uploads at once, joined by a final one (tus-js-client's parallelUploads)
  const parallel = await page.evaluate(async (endpoint) => {
    const bytes = new Uint8Array(200 * 1024);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7) % 251;
    const file = new Blob([bytes], { type: 'application/octet-stream' });
    return new Promise((resolve, reject) => {
      const upload = new window.tus.Upload(file, {
        endpoint,
        chunkSize: 50 * 1024,
        parallelUploads: 2,
        metadata: { filename: 'parallel.bin', filetype: 'application/octet-stream' },
        onError: (e) => reject(new Error(String(e))),
        onSuccess: () => resolve({ url: upload.url }),
      });
      upload.start();
    });
  }, PARALLEL_UPLOAD_URL);

  // the back end signs a download of what arrived; the page reads it back
  const signed = await (await fetch(SIGNED_URL_OF)).text();
  const readBack = await page.evaluate(async (u) => {
    const r = await fetch(u);
    const b = new Uint8Array(await r.arrayBuffer());
    let same = b.length === 300 * 1024;
    for (let i = 0; same && i < b.length; i += 1) same = b[i] === (i * 31) % 251;
    return { status: r.status, same, etag: r.headers.get('ETag') };
  }, signed);

  // a page of another origin (its own opaque one): the preflight of its creation is refused
  const other = await browser.newPage();
  await other.goto('data:text/html,<p>another origin</p>');
  const refused = await other.evaluate(async (endpoint) => {
    try {
      const r = await fetch(endpoint, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '1' } });
      return `read ${r.status}`;
    } catch {
      return 'refused';
    }
  }, OTHER_UPLOAD_URL);
  console.log(JSON.stringify({ ok: problems.length === 0, problems, uploaded, parallel, readBack, refused }));
} finally {
  await browser.close();
}
