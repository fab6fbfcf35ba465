// A page of another origin uploads and downloads through presigned S3 URLs, as an app does that
// signs them on its server (Uppy's S3 plugin, a form posting to a presigned POST), in Debian's
// chromium driven by playwright-core. The S3 port must answer the preflight and let the page read
// the ETag (a browser's multipart upload names its parts by it); a page of an origin not allowed
// must not read anything.
import { chromium } from 'playwright-core';

const { PAGE_URL, PUT_URL, GET_URL, PART_URL, MISSING_URL, POST_FORM } = process.env;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage();
  await page.goto(PAGE_URL);
  const allowed = await page.evaluate(async ({ put, get, part, missing, post }) => {
    const up = await fetch(put, { method: 'PUT', body: 'uploaded from a page', headers: { 'x-amz-meta-origin': 'page' } });
    const down = await fetch(get);
    const text = await down.text();
    const p = await fetch(part, { method: 'PUT', body: 'x'.repeat(1024) });
    const gone = await fetch(missing);
    // a form upload: the fields boto3 signed, then the file, as a page's <form> or FormData sends them
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', new Blob(['posted from a page'], { type: 'text/plain' }), 'note.txt');
    const posted = await fetch(post.url, { method: 'POST', body: form });
    return {
      putStatus: up.status, etag: up.headers.get('ETag'), getStatus: down.status, text,
      meta: down.headers.get('x-amz-meta-origin'), partStatus: p.status, partEtag: p.headers.get('ETag'),
      missingStatus: gone.status, missingCode: (await gone.text()).match(/<Code>(\w+)<\/Code>/)?.[1] ?? null,
      postStatus: posted.status, postEtag: posted.headers.get('ETag'),
    };
  }, { put: PUT_URL, get: GET_URL, part: PART_URL, missing: MISSING_URL, post: JSON.parse(POST_FORM) });

  // a page whose origin is not allowed: its own opaque origin (a data: URL)
  const other = await browser.newPage();
  await other.goto('data:text/html,<p>another origin</p>');
  const refused = await other.evaluate(async (get) => {
    try {
      const r = await fetch(get);
      return `read ${r.status}`;
    } catch (e) {
      return 'refused';
    }
  }, GET_URL);
  console.log(JSON.stringify({ ok: true, allowed, refused }));
} finally {
  await browser.close();
}
