// A person of a tenant signs in to the console through the tenant's identity provider, in Debian's
// chromium driven by playwright-core: the console sends the browser to the provider's page, the
// person signs in there, the provider sends the browser back with a code, and the console is
// signed in without the code staying in the address bar or any token outside this tab. Run by
// server/src/test/java/dev/silo/server/console/ConsoleSignInBrowserTest.java.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('SILO_URL');
const ISSUER = env('ISSUER');
const TENANT = env('SILO_TENANT');
const USER = env('IDP_USER');
const SHOTS = env('SHOTS_DIR');
const OTHER_KEY = env('OTHER_KEY');
const OTHER_TENANT = env('OTHER_TENANT');
const AXE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (4|5)\d\d/.test(m.text())) problems.push(`console error: ${m.text()}`); });
  const alertText = async () => (await page.locator('#alert').innerText()).trim();

  // a tenant that does not offer it: the person is told so, and stays on the console
  await page.goto(`${BASE}/console/`);
  await page.getByLabel('A tenant, through its identity provider (single sign-on)').check();
  assert.equal(await page.locator('#token').isVisible(), false, 'no key field for a provider sign-in');
  await page.locator('#tenant').fill('no-such-tenant');
  await page.getByRole('button', { name: 'Continue to the identity provider' }).click();
  await page.locator('#alert .error').waitFor();
  assert.match(await alertText(), /no such tenant offers sign-in through an identity provider/);
  assert.equal(new URL(page.url()).origin, new URL(BASE).origin);

  await page.evaluate(AXE);
  const violations = (await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  assert.deepEqual(violations, [], 'axe on the provider sign-in');
  await page.screenshot({ path: join(SHOTS, '01b-sign-in-provider.png'), fullPage: true });

  // the tenant that offers it: off to the provider, signed in there, back on the console
  await page.locator('#tenant').fill(TENANT);
  await page.getByRole('button', { name: 'Continue to the identity provider' }).click();
  await page.waitForURL((u) => u.toString().startsWith(`${ISSUER}/authorize?`));
  const asked = new URL(page.url()).searchParams;
  assert.equal(asked.get('code_challenge_method'), 'S256');
  assert.equal(asked.get('redirect_uri'), `${BASE}/console/`);
  assert.equal(asked.get('audience'), 'silo', 'the audience Silo takes tokens for');
  await page.locator('#user').fill(USER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who', { hasText: `Tenant ${TENANT} · ${USER}` }).waitFor();
  await page.locator('h1', { hasText: 'Buckets' }).waitFor();
  const landed = new URL(page.url());
  assert.equal(landed.search, '', 'the code is gone from the address bar');
  const stored = await page.evaluate(() => ({
    session: JSON.parse(sessionStorage.getItem('silo.session')),
    pending: sessionStorage.getItem('silo.sign-in'),
    local: Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]),
  }));
  assert.equal(stored.session.kind, 'tenant');
  assert.match(stored.session.token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(stored.pending, null, 'the verifier is forgotten once used');
  assert.ok(stored.local.every(([, v]) => !v.includes(stored.session.token)), 'no token in localStorage');
  await page.screenshot({ path: join(SHOTS, '01c-signed-in-through-provider.png'), fullPage: true });
  const who = (await page.locator('#who .who').innerText()).trim();
  // read and write, no admin: the sections that need it are not offered
  assert.deepEqual(await page.locator('#nav a').allInnerTexts(), ['Buckets', 'Usage']);

  // Sign out ends the provider's session too: the next sign-in here asks for the person again
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#alert .notice', { hasText: 'You are signed out, here and at your identity provider.' }).waitFor();
  assert.equal(new URL(page.url()).origin, new URL(BASE).origin, 'the provider sent the browser back');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('silo.session')), null);
  await page.screenshot({ path: join(SHOTS, '01d-signed-out-at-provider.png'), fullPage: true });
  await page.getByRole('button', { name: 'Continue to the identity provider' }).click();
  await page.waitForURL((u) => u.toString().startsWith(`${ISSUER}/authorize?`));
  await page.locator('#user').fill(USER); // asked again: the provider's session ended
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who', { hasText: `Tenant ${TENANT} · ${USER}` }).waitFor();
  await page.locator('h1', { hasText: 'Buckets' }).waitFor();

  // the provider's token no longer taken (it lives minutes): the person is told to sign in again
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('silo.session'));
    sessionStorage.setItem('silo.session', JSON.stringify({ ...s, token: `${s.token.slice(0, -4)}AAAA` }));
  });
  // no reload: the page learns it at its next call, as when the token expires under a person's hands
  await page.evaluate(() => { location.hash = '#/usage'; });
  await page.locator('#alert .error').waitFor();
  assert.match(await alertText(), /Your sign-in through your identity provider has ended: sign in again/);
  assert.equal(await page.locator('#kind-provider').isChecked(), true, 'the way this person signs in is chosen');

  // someone else signs in on this tab next, with an admin API key of another tenant: read afresh
  await page.getByLabel('A tenant, with an API key').check();
  await page.locator('#token').fill(OTHER_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who', { hasText: `Tenant ${OTHER_TENANT}` }).waitFor();
  assert.deepEqual(await page.locator('#nav a').allInnerTexts(), ['Buckets', 'Keys', 'Webhooks', 'Audit log', 'Usage']);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // the provider's answer replayed (the address from the history): refused, nothing signed in
  await page.goto(`${BASE}/console/?code=replayed&state=${asked.get('state')}`);
  await page.locator('#alert .error').waitFor();
  assert.match(await alertText(), /not started in this tab, or was already finished/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('silo.session')), null);
  // the field remembers the tenant, and nothing else, for next time
  assert.equal(await page.locator('#tenant').inputValue(), TENANT);

  assert.deepEqual(problems, []);
  console.log(JSON.stringify({ ok: true, who }));
} finally {
  await browser.close();
}
