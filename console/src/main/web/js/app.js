// The console's shell: sign-in, the section navigation, and a hash router (#/name?params) that
// draws one view at a time. Each view draws its frame at once and fills it as answers arrive, so
// nothing blocks while a list loads; moving on abandons the calls of the view left behind.

import { call, session, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { signIn, finishProviderSignIn, endSession, backFromProviderSignOut } from './views/signin.js';
import { buckets } from './views/buckets.js';
import { browse } from './views/browse.js';
import { details } from './views/details.js';
import { keys } from './views/keys.js';
import { webhooks } from './views/webhooks.js';
import { audit } from './views/audit.js';
import { usage } from './views/usage.js';
import { tenants } from './views/tenants.js';

const TENANT = [
  ['buckets', 'Buckets', buckets], ['keys', 'Keys', keys, 'admin'], ['webhooks', 'Webhooks', webhooks, 'admin'],
  ['audit', 'Audit log', audit, 'admin'], ['usage', 'Usage', usage],
];
const TENANT_HIDDEN = { bucket: browse, object: details };
const OPERATOR = [['tenants', 'Tenants', tenants], ['audit', 'Audit log', audit]];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const alertBox = document.getElementById('alert');
const status = document.getElementById('status');
let current = null;
let tenantInfo = null;

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const q = hash.indexOf('?');
  return { name: q < 0 ? hash : hash.slice(0, q), params: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1)) };
}

function clearAlert() {
  alertBox.replaceChildren();
}

/** Shows an error in plain words, with what the console was doing and the request id. */
function showError(e, doing) {
  if (e && e.name === 'AbortError') return;
  let err = e instanceof ApiError ? e : new ApiError(0, 'console_error', (e && e.message) || String(e), null);
  if (err.status === 401 && session.get()?.provider) {
    // the provider's token lives minutes; its own session usually lets the person straight back in
    err = new ApiError(401, err.code, 'Your sign-in through your identity provider has ended: sign in again.', err.requestId);
  }
  const details = [err.status ? `HTTP ${err.status}` : null, err.code, err.requestId ? `request id ${err.requestId}` : null]
    .filter(Boolean).join(' · ');
  fill(alertBox, h('div', { class: 'error' },
    h('p', {}, h('strong', {}, `Could not ${doing || 'do that'}: `), err.message),
    details ? h('p', { class: 'hint' }, details) : null,
    h('button', { type: 'button', on: { click: clearAlert } }, 'Dismiss')));
  if (err.status === 401) {
    session.clear();
    render();
  }
}

function say(text) {
  status.textContent = text;
}

function signOut() {
  const s = session.get();
  session.clear();
  if (endSession(s)) return; // off to the provider, which sends the browser back here
  tenantInfo = null;
  clearAlert();
  location.hash = '#/';
  render();
}

/** The sections this credential may use: a tenant's Keys, Webhooks and Audit log need scope admin. */
function sectionsOf(s) {
  if (s.kind === 'operator') return OPERATOR;
  const scopes = (tenantInfo && tenantInfo.caller && tenantInfo.caller.scopes) || null;
  return TENANT.filter(([, , , needs]) => !needs || !scopes || scopes.includes(needs));
}

function drawChrome(s) {
  const sections = sectionsOf(s);
  const { name } = route();
  const active = sections.some(([n]) => n === name) ? name : (name === 'bucket' || name === 'object' ? 'buckets' : sections[0][0]);
  fill(nav, h('ul', {}, sections.map(([n, label]) => h('li', {},
    h('a', { href: `#/${n}`, 'aria-current': n === active ? 'page' : null }, label)))));
  fill(who,
    h('span', { class: 'who' }, s.kind === 'operator' ? 'Operator'
      : [tenantInfo ? `Tenant ${tenantInfo.slug}` : 'Tenant', s.subject ? ` · ${s.subject}` : ''].join('')),
    h('button', { type: 'button', on: { click: signOut } }, 'Sign out'));
}

async function render() {
  if (current) current.abort();
  current = new AbortController();
  const s = session.get();
  if (!s) {
    tenantInfo = null; // whoever signs in next is read afresh (a 401 ends a session without Sign out)
    fill(nav);
    fill(who);
    main.replaceChildren();
    signIn(main, { onSignedIn: () => { location.hash = '#/'; render(); }, showError, clearAlert });
    return;
  }
  if (s.kind === 'tenant' && !tenantInfo) {
    try {
      tenantInfo = await call('GET', '/v1/tenant');
    } catch (e) {
      showError(e, 'read your tenant');
      if (!session.get()) return;
    }
  }
  drawChrome(s);
  const { name, params } = route();
  const sections = sectionsOf(s);
  const found = sections.find(([n]) => n === name);
  const view = found ? found[2] : (s.kind === 'tenant' && TENANT_HIDDEN[name]) || sections[0][2];
  const ctx = {
    kind: s.kind,
    signal: current.signal,
    tenant: tenantInfo,
    say,
    clearAlert,
    showError,
    refreshTenant: async () => { tenantInfo = await call('GET', '/v1/tenant'); ctx.tenant = tenantInfo; return tenantInfo; },
    /** Runs an action, showing its error if it fails; returns its result or undefined. */
    run: async (doing, fn) => {
      clearAlert();
      try {
        return await fn();
      } catch (e) {
        showError(e, doing);
        return undefined;
      }
    },
  };
  main.replaceChildren();
  try {
    await view(main, params, ctx);
  } catch (e) {
    showError(e, 'show this page');
  }
}

window.addEventListener('hashchange', () => { clearAlert(); render().then(() => main.focus()); });
// back from an identity provider: the code is redeemed before the first screen is drawn
if (backFromProviderSignOut()) {
  fill(alertBox, h('div', { class: 'notice' },
    h('p', {}, 'You are signed out, here and at your identity provider.'),
    h('button', { type: 'button', on: { click: clearAlert } }, 'Dismiss')));
}
finishProviderSignIn(showError).finally(() => render());
