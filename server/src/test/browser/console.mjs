// The console, driven in Debian's chromium by playwright-core, as a person would use it.
// Run by server/src/test/java/dev/silo/server/console/ConsoleBrowserTest.java, which starts a
// real Silo and passes everything through the environment. Each check throws on failure; the
// process exits non-zero and the JUnit test fails with this output.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { makeFiles, XSS_NAME } from './files.mjs';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('SILO_URL');
const KEY = env('SILO_KEY');
const OPERATOR = env('SILO_OPERATOR');
const WORK = env('WORK_DIR');
const SHOTS = env('SHOTS_DIR');
const BIG = env('BIG_FILE');
const BIG_SHA = env('BIG_SHA256');
const BIG2 = env('BIG2_FILE');
const BIG2_SHA = env('BIG2_SHA256');
const here = dirname(fileURLToPath(import.meta.url));
const AXE = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

mkdirSync(SHOTS, { recursive: true });
const files = makeFiles(WORK);
const log = (o) => console.log(JSON.stringify(o));
const started = Date.now();

async function step(name, fn) {
  const t = Date.now();
  try {
    const out = await fn();
    log({ step: name, ms: Date.now() - t });
    return out;
  } catch (e) {
    log({ step: name, failed: String(e && e.stack ? e.stack : e) });
    throw e;
  }
}

async function api(method, path, { key = KEY, body, headers = {} } = {}) {
  const h = { ...headers };
  if (key) h.Authorization = `Bearer ${key}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(BASE + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text };
}

// A webhook receiver, so the webhooks screen has deliveries to show.
const hooks = [];
const receiver = createServer((req, res) => { req.resume(); req.on('end', () => { hooks.push(req.url); res.end('ok'); }); });
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
if (process.env.CONSOLE_SRC) {
  // While working on the console: the server's headers, the files as they are in the source tree.
  await context.route(`${BASE}/console/**`, async (route) => {
    const real = await route.fetch();
    const path = new URL(route.request().url()).pathname.replace(/^\/console\//, '') || 'index.html';
    let body;
    try { body = readFileSync(join(process.env.CONSOLE_SRC, path)); } catch { body = await real.body(); }
    await route.fulfill({ response: real, body });
  });
}
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('dialog', (d) => { problems.push(`dialog opened: ${d.message()}`); d.dismiss(); });
page.on('console', (m) => { if (m.type() === 'error' && !/status of (4|5)\d\d|ERR_INTERNET_DISCONNECTED/.test(m.text())) problems.push(`console error: ${m.text()}`); });
const axeResults = {};

async function axe(name) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeResults[name] = result.violations.map((v) => `${v.impact}:${v.id}`);
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function idle() {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15000 });
}

async function go(hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await idle();
}

async function confirm() {
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  await dialog.locator('button[type=submit]').click();
  await dialog.waitFor({ state: 'detached' });
}

async function uploadDone(name, timeout = 60000) {
  const li = page.locator('li.upload', { has: page.locator('label', { hasText: name }) }).last();
  await li.locator('.state', { hasText: 'done' }).waitFor({ timeout });
  return li;
}

const measures = {};

await step('a browser opening / is sent to the console, which is light', async () => {
  await page.goto(`${BASE}/`);
  assert.equal(new URL(page.url()).pathname, '/console/');
  await page.locator('#token').waitFor();
  measures.firstLoadBytes = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return performance.getEntriesByType('resource').reduce((n, r) => n + r.transferSize, nav.transferSize);
  });
  measures.firstLoadFiles = await page.evaluate(() => performance.getEntriesByType('resource').length + 1);
  await shot('01-sign-in');
  await axe('sign-in');
});

await step('sign in with the keyboard alone', async () => {
  await page.locator('#token').focus();
  await page.keyboard.type(KEY);
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: 'Buckets' }).waitFor();
  await idle();
  assert.equal(await page.evaluate(() => Object.values(localStorage).some((v) => v.includes('_sk_'))), false, 'no key in localStorage');
  assert.ok(!page.url().includes(KEY), 'no key in the URL');
});

await step('create a bucket', async () => {
  await page.getByLabel('New bucket name').fill('photos');
  await page.getByRole('button', { name: 'Create bucket' }).click();
  await page.getByRole('link', { name: 'photos' }).waitFor();
  await idle();
  await shot('02-buckets');
  await axe('buckets');
});

await step('an empty bucket says what to do next', async () => {
  await page.getByRole('link', { name: 'photos' }).click();
  await page.locator('.empty', { hasText: 'This bucket is empty' }).waitFor();
  await shot('03-empty-bucket');
  await axe('empty bucket');
});

await step('upload three files at once, one of 200 MB, each with its progress bar', async () => {
  await page.setInputFiles('#upload-input', [files.image, files.csv, BIG]);
  const big = await uploadDone('big.bin', 90000);
  assert.equal(await big.locator('progress').evaluate((p) => p.value), 100);
  await uploadDone('harbour.png');
  await uploadDone('sales.csv');
  await page.locator('tr[data-key="big.bin"]').waitFor();
  await shot('04-uploaded');
  const info = await api('GET', '/v1/info/big.bin?bucket=photos');
  assert.equal(info.json.sha256, BIG_SHA, 'SHA-256 of the 200 MB upload');
  assert.equal(info.json.size, 200 * 1024 * 1024);
});

await step('a reload in the middle of a large upload resumes it', async () => {
  await page.setInputFiles('#upload-input', [BIG2]);
  const bar = page.locator('li.upload', { has: page.locator('label', { hasText: 'big2.bin' }) }).locator('progress');
  await page.waitForFunction((el) => el.value >= 20, await bar.elementHandle(), { polling: 20, timeout: 60000 });
  const before = await bar.evaluate((p) => p.value);
  assert.ok(before < 100, `the upload was still going (${before} %)`);
  await page.reload();
  await page.locator('.resumable', { hasText: 'big2.bin' }).waitFor();
  await page.setInputFiles('#upload-input', [BIG2]);
  const li = await uploadDone('big2.bin', 90000);
  const resumedFrom = Number(await li.getAttribute('data-resumed-from'));
  assert.ok(resumedFrom > 0, 'resumed from the server\'s offset, not from zero');
  measures.resumedFromBytes = resumedFrom;
  const info = await api('GET', '/v1/info/big2.bin?bucket=photos');
  assert.equal(info.json.sha256, BIG2_SHA, 'SHA-256 of the resumed upload');
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('silo.tus.')).length), 0);
});

await step('a dropped connection in the middle of an upload is survived', async () => {
  await go('#/bucket?b=photos&p=again%2F');
  await page.setInputFiles('#upload-input', [BIG2]);
  const li = page.locator('li.upload', { has: page.locator('label', { hasText: 'big2.bin' }) });
  await page.waitForFunction((el) => el.value >= 10, await li.locator('progress').elementHandle(), { polling: 20, timeout: 60000 });
  await context.setOffline(true);
  await li.locator('.state', { hasText: 'The connection dropped' }).waitFor({ timeout: 30000 });
  await context.setOffline(false);
  await uploadDone('big2.bin', 90000);
  assert.ok(Number(await li.getAttribute('data-retries')) >= 1);
  const info = await api('GET', '/v1/info/again/big2.bin?bucket=photos');
  assert.equal(info.json.sha256, BIG2_SHA, 'SHA-256 after the connection came back');
  await go('#/bucket?b=photos');
});

await step('upload by dropping a file on the page', async () => {
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['dropped on the page\n'], 'dropped.txt', { type: 'text/plain' }));
    document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await uploadDone('dropped.txt');
  assert.equal((await api('GET', '/v1/objects/dropped.txt?bucket=photos')).text, 'dropped on the page\n');
});

await step('make a folder, upload into it, navigate by breadcrumbs', async () => {
  await page.locator('summary', { hasText: 'New folder' }).click();
  await page.getByLabel('Folder name').fill('reports/2026');
  await page.getByRole('button', { name: 'Open folder' }).click();
  await page.locator('.empty', { hasText: 'This folder is empty' }).waitFor();
  await page.setInputFiles('#upload-input', [files.csv]);
  await uploadDone('sales.csv');
  await page.locator('tr[data-key="reports/2026/sales.csv"]').waitFor();
  await page.locator('.crumbs').getByRole('link', { name: 'reports' }).click();
  await page.getByRole('link', { name: '2026/' }).waitFor();
  await page.locator('.crumbs').getByRole('link', { name: 'photos' }).click();
  await page.getByRole('link', { name: 'reports/' }).click();
  await page.getByRole('link', { name: '2026/' }).click();
  await page.getByRole('link', { name: 'sales.csv' }).waitFor();
});

await step('find files by the start of their names', async () => {
  await go('#/bucket?b=photos');
  await page.getByLabel('Names starting with').fill('sal');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await page.locator('tr[data-key="sales.csv"]').waitFor();
  await idle();
  assert.equal(await page.locator('tr[data-key="big.bin"]').count(), 0, 'only names starting with sal');
  assert.equal(await page.getByRole('link', { name: 'reports/' }).count(), 0, 'nor folders');
  await shot('03b-find');
  await axe('finding files');
  await page.getByLabel('Names starting with').fill('zzz');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await page.locator('.empty', { hasText: 'No file or folder here has a name starting with zzz' }).waitFor();
  await page.getByRole('link', { name: 'Show all' }).click();
  await page.locator('tr[data-key="big.bin"]').waitFor();
  await go('#/bucket?b=photos&p=reports%2F2026%2F');
  await page.getByRole('link', { name: 'sales.csv' }).waitFor();
});

await step('preview a CSV as a table with its columns and frequency', async () => {
  await page.getByRole('link', { name: 'sales.csv' }).click();
  await page.locator('table.csv').waitFor();
  await idle();
  assert.equal(await page.locator('table.csv tbody tr').count(), 28);
  const freq = await page.locator('[data-fact="frequency"]').textContent();
  assert.match(freq, /D|day/i, `frequency shown: ${freq}`);
  assert.ok((await page.locator('[data-fact="SHA-256"]').textContent()).length === 64);
  await shot('05-csv-preview');
  await axe('object details with CSV preview');
});

await step('an image has a thumbnail in the list and a larger preview', async () => {
  await go(`#/bucket?b=photos`);
  await page.waitForFunction(() => { const i = document.querySelector('tr[data-key="harbour.png"] img.thumb'); return i && i.complete && i.naturalWidth > 0; }, null, { timeout: 15000 });
  await page.getByRole('link', { name: 'harbour.png' }).click();
  await page.waitForFunction(() => { const i = document.querySelector('img.large'); return i && i.complete && i.naturalWidth > 0; }, null, { timeout: 15000 });
  await shot('06-image-details');
  await axe('object details with image preview');
});

await step('download a file', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(download.suggestedFilename(), 'harbour.png');
  const saved = join(WORK, 'downloaded.png');
  await download.saveAs(saved);
  assert.deepEqual(readFileSync(saved), readFileSync(files.image));
});

await step('share a link with a TTL; it works without credentials', async () => {
  await page.getByLabel('Link valid for').selectOption('3600');
  await page.getByRole('button', { name: 'Create share link' }).click();
  const box = page.getByLabel('Share link');
  await box.waitFor();
  const url = await box.inputValue();
  assert.ok(url.includes('token='));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, url, 'the link is on the clipboard');
  const r = await fetch(url);
  assert.equal(r.status, 200);
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), readFileSync(files.image));
});

await step('make an object public; its public URL works without credentials', async () => {
  assert.equal((await api('GET', `/v1/public/${env('SILO_TENANT')}/harbour.png?bucket=photos`, { key: null })).status, 404);
  await page.getByRole('button', { name: 'Make public' }).click();
  const box = page.getByLabel('Public URL');
  await box.waitFor();
  const r = await fetch(await box.inputValue());
  assert.equal(r.status, 200);
  // read to the end: a body left unread holds node's pooled connection, and node, open, until Silo's idle timeout
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), readFileSync(files.image));
  assert.equal((await api('GET', '/v1/info/harbour.png?bucket=photos')).json.acl, 'public');
});

await step('rename a file into a folder; it keeps what it was, public included', async () => {
  await page.getByRole('button', { name: 'Rename or move' }).click();
  const dialog = page.locator('dialog[open]');
  await dialog.getByLabel('New name').fill('harbours/harbour.png');
  await shot('06e-rename');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await page.locator('h1.key', { hasText: 'harbours/harbour.png' }).waitFor();
  await idle();
  assert.equal((await api('GET', '/v1/info/harbour.png?bucket=photos')).status, 404);
  const moved = (await api('GET', '/v1/info/harbours/harbour.png?bucket=photos')).json;
  assert.equal(moved.acl, 'public');
  const r = await fetch(`${BASE}/v1/public/${env('SILO_TENANT')}/harbours/harbour.png?bucket=photos`);
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), readFileSync(files.image));
});

await step("edit a file's metadata and tags; a refused tag changes nothing", async () => {
  const before = (await api('GET', '/v1/info/harbours/harbour.png?bucket=photos')).json;
  await page.getByRole('button', { name: 'Edit metadata and tags' }).click();
  await page.getByRole('button', { name: 'Add a tag' }).click();
  await page.getByLabel('Tags: key').last().fill('aws:reserved');
  await page.getByLabel('Tags: value').last().fill('x');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#alert .error', { hasText: 'aws:' }).waitFor();
  assert.deepEqual((await api('GET', '/v1/info/harbours/harbour.png?bucket=photos')).json.tags ?? {}, before.tags ?? {});
  await page.getByRole('button', { name: 'Remove' }).last().click();
  await page.getByRole('button', { name: 'Add an entry' }).click();
  await page.getByLabel('Metadata: name').last().fill('photographer');
  await page.getByLabel('Metadata: value').last().fill('Ana <b>Lima</b>');
  await page.getByRole('button', { name: 'Add a tag' }).click();
  await page.getByLabel('Tags: key').last().fill('project');
  await page.getByLabel('Tags: value').last().fill('harbour');
  await axe('editing metadata and tags');
  await shot('06f-edit-metadata');
  await page.getByRole('button', { name: 'Save' }).click();
  // saved: the facts are drawn again (the editor's cells hold the same words, in inputs)
  await page.getByRole('button', { name: 'Edit metadata and tags' }).waitFor();
  await page.locator('td', { hasText: 'Ana <b>Lima</b>' }).waitFor();
  const info = (await api('GET', '/v1/info/harbours/harbour.png?bucket=photos')).json;
  assert.equal(info.metadata.photographer, 'Ana <b>Lima</b>');
  assert.equal(info.tags.project, 'harbour');
  assert.equal(info.etag, before.etag, 'the bytes stay');
});

await step("an object's versions: restore an old one, delete one for good", async () => {
  assert.equal((await api('POST', '/v1/buckets', { body: { name: 'history' } })).status, 201);
  assert.equal((await api('PATCH', '/v1/buckets/history', { body: { versioning: 'enabled' } })).status, 200);
  // past the inline size, so the versions are blobs of their own
  const put = async (text) => {
    const r = await fetch(`${BASE}/v1/objects/notes/plan.txt?bucket=history`, {
      method: 'PUT', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'text/plain' }, body: text,
    });
    assert.ok(r.status === 200 || r.status === 201, await r.text());
    return r.headers.get('x-silo-version-id');
  };
  const first = await put('first draft\n'.repeat(7000));
  const second = await put('second draft\n'.repeat(7000));
  await put('third draft\n'.repeat(7000));
  await go('#/object?b=history&k=notes%2Fplan.txt');
  const rows = page.locator('section[aria-labelledby="versions-h"] tbody tr');
  await rows.nth(2).waitFor();
  assert.equal(await rows.count(), 3);
  assert.equal(await rows.nth(2).getAttribute('data-version'), first);
  await axe('object details with versions');
  await shot('06b-versions');

  await page.locator(`tr[data-version="${first}"]`).getByRole('button', { name: 'Restore' }).click();
  await rows.nth(3).waitFor();
  assert.equal((await api('GET', '/v1/objects/notes/plan.txt?bucket=history')).text, 'first draft\n'.repeat(7000));
  assert.match(await page.locator('[data-fact="Version"]').textContent(), /^[0-9a-z]{32}$/);

  await page.locator(`tr[data-version="${second}"]`).getByRole('button', { name: 'Delete for good' }).click();
  await confirm();
  await page.locator(`tr[data-version="${second}"]`).waitFor({ state: 'detached' });
  // the list is drawn again after the delete: wait for it rather than count a table being redrawn
  await rows.nth(2).waitFor();
  assert.equal(await rows.count(), 3);
  assert.equal((await api('GET', `/v1/objects/notes/plan.txt?bucket=history&version_id=${second}`)).status, 404);
  // deleted in a versioned bucket: the warning says so, and the folder's Deleted files lead back to it
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.locator('dialog[open]', { hasText: 'Its versions are kept' }).waitFor();
  await confirm();
  await page.locator('summary', { hasText: 'Deleted files' }).click();
  await page.locator('ul.deleted').getByRole('link', { name: 'plan.txt' }).click();
  await page.locator('[data-deleted="true"]').waitFor();
  await idle();
  await shot('06c-deleted-file');
  await axe('a deleted file');
  await page.locator('section[aria-labelledby="versions-h"] tbody tr')
    .filter({ has: page.getByRole('button', { name: 'Restore' }) }).first().getByRole('button', { name: 'Restore' }).click();
  await page.locator('[data-fact="Version"]').waitFor();
  assert.equal((await api('GET', '/v1/objects/notes/plan.txt?bucket=history')).text, 'first draft\n'.repeat(7000), 'back, as it was');
  // a bucket with versions left goes only by force (and the tenant keeps its two buckets)
  assert.equal((await api('DELETE', '/v1/buckets/history')).status, 409);
  assert.ok([200, 204].includes((await api('DELETE', '/v1/buckets/history?force=true')).status));
});

await step("a bucket's versioning and lifecycle rules are set in its settings", async () => {
  assert.equal((await api('POST', '/v1/buckets', { body: { name: 'rules' } })).status, 201);
  await go('#/bucket?b=rules');
  await page.getByText('Versioning, lifecycle rules and browser access').click();
  await page.locator('#versioning-state', { hasText: 'Versioning is off.' }).waitFor();
  await page.locator('.rules .empty').waitFor();
  await page.getByRole('button', { name: 'Turn versioning on' }).click();
  await page.locator('#versioning-state', { hasText: 'Versioning is on.' }).waitFor();
  assert.equal((await api('GET', '/v1/buckets/rules')).json.versioning, 'enabled');

  await page.getByLabel('Files under').fill('logs/');
  await page.getByLabel('What to do').selectOption('expiration_days');
  await page.getByLabel('Days (N)').fill('7');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.locator('tr[data-rule="rule-1"]').waitFor();
  await page.getByLabel('What to do').selectOption('noncurrent_days');
  await page.getByLabel('Days (N)').fill('30');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.locator('tr[data-rule="rule-2"]').waitFor();
  assert.match(await page.locator('tr[data-rule="rule-1"]').textContent(), /under logs\/.*Delete files 7 days after their last change/);
  assert.match(await page.locator('tr[data-rule="rule-2"]').textContent(), /every file.*Delete earlier versions 30 days after they were replaced/);
  const rules = (await api('GET', '/v1/buckets/rules/lifecycle')).json.rules;
  assert.deepEqual(rules.map((r) => [r.id, r.prefix, r.expiration_days, r.noncurrent_days]), [['rule-1', 'logs/', 7, null], ['rule-2', '', null, 30]]);
  await axe('bucket settings');
  await shot('06c-bucket-settings');

  await page.getByRole('button', { name: 'Delete rule rule-1' }).click();
  await confirm();
  await page.locator('tr[data-rule="rule-1"]').waitFor({ state: 'detached' });
  assert.deepEqual((await api('GET', '/v1/buckets/rules/lifecycle')).json.rules.map((r) => r.id), ['rule-2']);
  await page.getByRole('button', { name: 'Suspend versioning' }).click();
  await page.locator('#versioning-state', { hasText: 'suspended' }).waitFor();

  // browser access: the origin as browsers send it, whatever path was typed after it
  await page.locator('.origins .empty').waitFor();
  await page.getByLabel('Web page origin').fill('https://app.example/upload');
  await page.getByRole('button', { name: 'Allow origin' }).click();
  await page.locator('tr[data-origin="https://app.example"]').waitFor();
  await shot('06d-bucket-browser-access');
  const cors = (await api('GET', '/v1/buckets/rules/cors')).json.rules;
  assert.deepEqual(cors.map((r) => [r.allowed_origins, r.allowed_methods.includes('PATCH'), r.expose_headers.includes('ETag')]),
    [[['https://app.example'], true, true]]);
  await page.getByLabel('Web page origin').fill('https://*.*.example');
  await page.getByRole('button', { name: 'Allow origin' }).click();
  await page.locator('#alert .error', { hasText: 'at most one *' }).waitFor();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await axe('bucket settings with an origin');
  await page.getByRole('button', { name: 'Remove https://app.example' }).click();
  await confirm();
  await page.locator('.origins .empty').waitFor();
  assert.deepEqual((await api('GET', '/v1/buckets/rules/cors')).json.rules, []);
  assert.ok([200, 204].includes((await api('DELETE', '/v1/buckets/rules?force=true')).status));
});

await step('a version under object lock shows its hold and is not deleted for good', async () => {
  assert.equal((await api('POST', '/v1/buckets', { body: { name: 'vault', object_lock: true } })).status, 201);
  const put = async (text) => {
    const r = await fetch(`${BASE}/v1/objects/ledger.csv?bucket=vault`, {
      method: 'PUT', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'text/csv' }, body: text,
    });
    assert.ok(r.status === 200 || r.status === 201, await r.text());
    return r.headers.get('x-silo-version-id');
  };
  const held = await put('year,total\n2025,10\n');
  const hold = await api('PATCH', '/v1/info/ledger.csv?bucket=vault', { body: { legal_hold: true } });
  assert.equal(hold.status, 200, hold.text);
  const current = await put('year,total\n2026,12\n');
  await go('#/object?b=vault&k=ledger.csv');
  // the held version is the older one now: the current has no lock
  assert.equal(await page.locator('[data-fact="Legal hold"]').count(), 0);
  await page.locator(`tr[data-version="${held}"]`).getByRole('button', { name: 'Delete for good' }).click();
  await confirm();
  const alert = page.locator('#alert .error');
  await alert.waitFor();
  assert.match(await alert.textContent(), /legal hold/);
  assert.equal((await api('GET', `/v1/objects/ledger.csv?bucket=vault&version_id=${held}`)).status, 200);
  await page.locator(`tr[data-version="${current}"]`).getByRole('button', { name: 'Delete for good' }).click();
  await confirm();
  await page.locator(`tr[data-version="${current}"]`).waitFor({ state: 'detached' });
  await page.locator('[data-fact="Legal hold"]', { hasText: 'on' }).waitFor();
  await page.locator('table.csv', { hasText: '2025' }).waitFor(); // the preview is the current version's again
  await axe('object under a legal hold');
  await shot('06d-object-lock');
  // taken off its hold, the last version goes, and the bucket, empty, with it
  assert.equal((await api('PATCH', '/v1/info/ledger.csv?bucket=vault', { body: { legal_hold: false } })).status, 200);
  assert.equal((await api('DELETE', `/v1/objects/ledger.csv?bucket=vault&version_id=${held}`)).status, 204);
  assert.ok([200, 204].includes((await api('DELETE', '/v1/buckets/vault')).status));
});

await step('delete a selection after confirming', async () => {
  await go('#/bucket?b=photos&p=reports%2F2026%2F');
  await page.getByLabel('Select all files on this page').check();
  await page.getByRole('button', { name: /Delete selected \(1\)/ }).click();
  await confirm();
  await page.locator('.empty', { hasText: 'This folder is empty' }).waitFor();
  assert.equal((await api('GET', '/v1/info/reports/2026/sales.csv?bucket=photos')).status, 404);
});

await step('attacker-controlled names, cells and metadata are shown as text and never run', async () => {
  await go('#/bucket?b=photos');
  await page.setInputFiles('#upload-input', [files.xss]);
  await uploadDone(XSS_NAME);
  const enc = encodeURIComponent(XSS_NAME);
  const patched = await api('PATCH', `/v1/info/${enc}?bucket=photos`, { body: { metadata: { note: '<img src=x onerror=window.__xss=6>' } } });
  assert.equal(patched.status, 200, patched.text);
  await go('#/bucket?b=photos');
  await page.getByRole('link', { name: XSS_NAME }).waitFor();
  await page.getByRole('link', { name: XSS_NAME }).click();
  await page.locator('table.csv').waitFor();
  await idle();
  const text = await page.locator('main').textContent();
  assert.ok(text.includes('<script>window.__xss=3</script>'), 'the cell is shown as text');
  assert.ok(text.includes('<img src=x onerror=window.__xss=6>'), 'the metadata is shown as text');
  await page.waitForTimeout(300); // give an injected onerror the time it would need to fire
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no injected code ran');
  assert.equal(await page.locator('main img[src="x"], main script, main svg').count(), 0);
});

await step('create an API key (shown once, copied), use it, revoke it, see it fail', async () => {
  await go('#/keys');
  await page.getByLabel('Key name').fill('reader');
  await page.locator('#key-scope-write').uncheck();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = page.getByLabel('API key', { exact: true });
  await secret.waitFor();
  const key = await secret.inputValue();
  assert.equal((await api('GET', '/v1/buckets', { key })).status, 200);
  assert.equal((await api('POST', '/v1/buckets', { key, body: { name: 'nope' } })).status, 403, 'read scope only');
  await page.locator('.secret').getByRole('button', { name: 'Copy' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);
  await idle();
  await shot('07-keys');
  await axe('keys');
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await page.getByRole('button', { name: 'Revoke key reader' }).click();
  await confirm();
  await page.locator('td', { hasText: /^revoked/ }).waitFor();
  assert.equal((await api('GET', '/v1/buckets', { key })).status, 401, 'the revoked key fails');
});

await step('S3 credentials come with an rclone configuration and an aws-cli environment', async () => {
  await page.getByLabel('Description').fill('laptop');
  await page.getByRole('button', { name: 'Create S3 credentials' }).click();
  const conf = page.getByLabel(/rclone configuration/);
  await conf.waitFor();
  const text = await conf.inputValue();
  assert.match(text, /type = s3\nprovider = Other\naccess_key_id = \S+\nsecret_access_key = \S+\nendpoint = http/);
  const env = await page.getByLabel(/Environment for aws-cli/).inputValue();
  assert.match(env, /^export AWS_ACCESS_KEY_ID=\S+\nexport AWS_SECRET_ACCESS_KEY=\S+\nexport AWS_DEFAULT_REGION=\S+\nexport AWS_ENDPOINT_URL=http/);
  await page.getByRole('button', { name: 'I have saved it' }).click();
});

await step('webhooks: add one, see its deliveries', async () => {
  await go('#/webhooks');
  await page.getByLabel('URL').fill(`http://127.0.0.1:${receiver.address().port}/hook`);
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await page.getByLabel('Signing secret').waitFor();
  await api('PUT', '/v1/objects/hello.txt?bucket=photos', { body: 'hi' });
  for (let i = 0; i < 100 && !hooks.length; i += 1) await new Promise((r) => setTimeout(r, 100));
  await page.getByRole('button', { name: /^Deliveries of/ }).click();
  await page.locator('caption', { hasText: 'Deliveries' }).waitFor();
  // a second one for some objects only, as S3's notification filters
  await page.getByLabel('URL').fill(`http://127.0.0.1:${receiver.address().port}/photos-in`);
  await page.getByLabel('Events').fill('object.created');
  await page.getByLabel('Only objects of bucket').fill('photos');
  await page.getByLabel('Only keys starting with').fill('in/');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await page.getByRole('cell', { name: 'bucket photos, keys starting with in/' }).waitFor();
  const filtered = (await api('GET', '/v1/webhooks')).json.items.find((w) => w.url.endsWith('/photos-in'));
  assert.deepEqual(filtered.filter, { bucket: 'photos', prefix: 'in/', suffix: null });
  await idle();
  await shot('08-webhooks');
  await axe('webhooks');
});

await step('audit log with a filter', async () => {
  await go('#/audit');
  await page.getByLabel('Action').fill('credential.revoked');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await idle();
  const rows = await page.locator('tbody tr').count();
  assert.ok(rows >= 1, 'the revocation is in the log');
  const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
  assert.ok(actions.every((a) => a === 'credential.revoked'), `only revocations: ${actions}`);
  await shot('09-audit');
  await axe('audit log');
});

await step('usage against every limit', async () => {
  await go('#/usage');
  assert.ok(await page.locator('.meter').count() >= 3);
  await shot('10-usage');
  await axe('usage');
});

await step('readable at 360 px', async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  await go('#/bucket?b=photos');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `no sideways scrolling of the page (${overflow} px)`);
  await shot('11-bucket-360px');
  await axe('bucket at 360 px');
  await page.setViewportSize({ width: 1280, height: 860 });
});

await step('an API error is shown in plain words with its request id', async () => {
  await go('#/buckets');
  await page.getByLabel('New bucket name').fill('Bad_Name');
  await page.getByRole('button', { name: 'Create bucket' }).click();
  const alert = page.locator('#alert .error');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Could not create the bucket: .+request id req_/);
});

await step('sign out clears the key', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#token').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
});

await step('the operator creates, suspends and deletes tenants', async () => {
  await page.getByLabel('The operator, with the operator token').check();
  await page.getByLabel('Operator token', { exact: true }).fill(OPERATOR);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('h1', { hasText: 'Tenants' }).waitFor();
  await page.getByLabel('Slug', { exact: true }).fill('beta');
  await page.getByLabel('Name', { exact: true }).fill('Beta Corp');
  await page.getByLabel('Storage limit').first().fill('5 GB');
  await page.getByLabel('Bucket limit').first().fill('3');
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await page.locator('li[data-slug="beta"]').waitFor();
  await page.getByRole('button', { name: 'Suspend beta' }).click();
  await page.locator('li[data-slug="beta"] [data-status="suspended"]').waitFor();
  const beta = await api('GET', '/v1/tenants/beta', { key: OPERATOR });
  assert.equal(beta.json.status, 'suspended');
  assert.equal(beta.json.limits.max_bytes, 5e9);
  assert.equal(beta.json.limits.max_buckets, 3);
  await idle();
  await shot('12-operator-tenants');
  await axe('operator tenants');
  await page.getByRole('button', { name: 'Edit limits of beta' }).click();
  await page.getByLabel('Bucket limit').first().fill('7');
  await page.getByRole('button', { name: 'Save limits' }).click();
  await page.locator('#status', { hasText: 'Limits of beta saved' }).waitFor({ state: 'attached' });
  assert.equal((await api('GET', '/v1/tenants/beta', { key: OPERATOR })).json.limits.max_buckets, 7);
  // its people sign in through its identity provider
  await page.getByRole('button', { name: 'Identity provider of beta' }).click();
  await page.getByLabel('Issuer').fill('https://login.beta.example/realms/beta');
  await page.getByLabel('Audience').fill('silo');
  await page.getByLabel('Key set URL (JWKS)').fill('https://login.beta.example/realms/beta/certs');
  await page.getByLabel('Console client id').fill('silo-console');
  await axe('operator identity provider');
  await page.getByRole('button', { name: 'Save identity provider' }).click();
  await page.locator('li[data-slug="beta"] [data-oidc="console"]').waitFor();
  const oidc = (await api('GET', '/v1/tenants/beta', { key: OPERATOR })).json.oidc;
  assert.equal(oidc.console_client_id, 'silo-console');
  assert.equal(oidc.console_scope, 'openid');
  assert.equal(oidc.tenant_claim, 'tenant');
  assert.equal((await api('GET', '/v1/sign-in/beta', { key: null })).json.error.code, 'sign_in_not_offered', 'not while suspended');
  await page.getByRole('button', { name: 'Delete beta' }).click();
  const dialog = page.locator('dialog[open]');
  assert.equal(await dialog.locator('button[type=submit]').isDisabled(), true, 'delete waits for the slug');
  await dialog.getByLabel('Type beta to confirm').fill('beta');
  await dialog.locator('button[type=submit]').click();
  await page.locator('li[data-slug="beta"]').waitFor({ state: 'detached' });
  assert.equal((await api('GET', '/v1/tenants/beta', { key: OPERATOR })).status, 404);
});

await step('the operator pages through many tenants and finds one by its slug', async () => {
  for (let i = 0; i < 50; i++) {
    const made = await api('POST', '/v1/tenants', { key: OPERATOR, body: { slug: `many-${String(i).padStart(2, '0')}` } });
    assert.equal(made.status, 201, made.text);
  }
  const all = (await api('GET', '/v1/tenants?limit=1000', { key: OPERATOR })).json.items.length;
  await go('#/audit');
  await go('#/tenants');
  await page.locator('li.tenant').nth(49).waitFor();
  assert.equal(await page.locator('li.tenant').count(), 50, 'the first page holds 50');
  await page.getByRole('button', { name: 'More tenants' }).click();
  await page.locator('li.tenant').nth(all - 1).waitFor();
  assert.equal(await page.locator('li.tenant').count(), all);
  assert.equal(await page.getByRole('button', { name: 'More tenants' }).count(), 0, 'no more after the last page');
  await page.getByLabel('Slug starts with').fill('many-4');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.locator('li.tenant').nth(10).waitFor({ state: 'detached' });
  assert.deepEqual(await page.locator('li.tenant').evaluateAll((ls) => ls.map((l) => l.dataset.slug)),
    Array.from({ length: 10 }, (_, i) => `many-4${i}`));
  await page.getByLabel('Slug starts with').fill('nobody');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.locator('p.empty', { hasText: "No tenant's slug starts with nobody" }).waitFor();
});

await step('the operator reads the audit log of every tenant', async () => {
  await go('#/audit');
  await page.getByLabel('Tenant').fill(env('SILO_TENANT'));
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await idle();
  const tenants = await page.locator('tbody tr td:nth-child(1)').allTextContents();
  assert.ok(tenants.length > 0 && tenants.every((t) => t === env('SILO_TENANT')), `only that tenant: ${tenants}`);
  await shot('13-operator-audit');
  await axe('operator audit log');
});

assert.deepEqual(problems, [], 'no script error, no dialog');
await browser.close();
receiver.close();
log({ ok: true, ms: Date.now() - started, measures, axe: axeResults });
