import { call, session, ApiError } from '../api.js';
import { h, field } from '../dom.js';

// Signing in through a tenant's identity provider (OpenID Connect, authorization code with PKCE):
// the console sends the browser to the provider with a challenge, and when the provider sends it
// back with a code, hands Silo the code and the verifier only this tab knows. Silo redeems the code
// (the page talks to no other origin) and gives back the provider's access token, which is then
// the credential, kept as an API key is.
const PENDING = 'silo.sign-in'; // sessionStorage: the verifier and state of the sign-in under way
const LAST_TENANT = 'silo.last-tenant'; // localStorage: only the tenant's slug, to fill the field next time

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function startProviderSignIn(slug) {
  if (!crypto.subtle) {
    throw new ApiError(0, 'insecure_context',
      'Signing in through an identity provider needs the console on HTTPS (or on localhost).', null);
  }
  const start = await call('GET', `/v1/sign-in/${encodeURIComponent(slug)}`);
  const verifier = randomString(48);
  const state = randomString(16);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const redirect = `${location.origin}/console/`;
  sessionStorage.setItem(PENDING, JSON.stringify({
    tenant: start.tenant, verifier, state, redirect, clientId: start.client_id, endSession: start.end_session_endpoint || null,
  }));
  localStorage.setItem(LAST_TENANT, start.tenant);
  const url = new URL(start.authorization_endpoint);
  const params = {
    response_type: 'code', client_id: start.client_id, redirect_uri: redirect, scope: start.scope, state,
    code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: 'S256',
    // the API the token is for: Auth0 issues a JWT for Silo only when asked; other providers ignore it
    audience: start.audience,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.toString());
}

/**
 * When the provider has sent the browser back (?code=…&state=… or ?error=…), redeems the code and
 * keeps the token as the session. Returns whether the address carried such an answer.
 */
export async function finishProviderSignIn(showError) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  // the code leaves the address bar and the history before anything else happens
  history.replaceState(null, '', location.pathname + location.hash);
  let pending = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(PENDING));
  } catch {
    pending = null;
  }
  sessionStorage.removeItem(PENDING);
  if (!pending || params.get('state') !== pending.state) {
    showError(new ApiError(0, 'sign_in_not_started',
      'This sign-in was not started in this tab, or was already finished: start it again.', null), 'sign in');
    return true;
  }
  if (params.has('error')) {
    showError(new ApiError(0, params.get('error'),
      params.get('error_description') || 'The identity provider did not sign you in.', null), 'sign in');
    return true;
  }
  try {
    const t = await call('POST', `/v1/sign-in/${encodeURIComponent(pending.tenant)}/token`, {
      json: { code: params.get('code'), code_verifier: pending.verifier, redirect_uri: pending.redirect },
    });
    const signOut = pending.endSession
      ? { endSession: pending.endSession, clientId: pending.clientId, idToken: t.id_token || null, redirect: pending.redirect }
      : null;
    session.set('tenant', t.access_token, { subject: t.subject, provider: true, signOut });
  } catch (e) {
    showError(e, 'sign in');
  }
  return true;
}

const SIGNED_OUT = 'silo.signed-out'; // sessionStorage: this tab went to the provider to sign out

/**
 * Ends a session. One that began at an identity provider with an end-session endpoint ends there
 * too (OpenID Connect RP-Initiated Logout), so that the next person at this browser is asked to
 * sign in rather than signed in silently as the last one; the provider sends the browser back to
 * the console. Returns whether the browser is on its way to the provider.
 */
export function endSession(s) {
  if (!s || !s.signOut || !s.signOut.endSession) return false;
  const url = new URL(s.signOut.endSession);
  url.searchParams.set('client_id', s.signOut.clientId);
  url.searchParams.set('post_logout_redirect_uri', s.signOut.redirect);
  if (s.signOut.idToken) url.searchParams.set('id_token_hint', s.signOut.idToken);
  sessionStorage.setItem(SIGNED_OUT, '1');
  location.assign(url.toString());
  return true;
}

/** Whether the browser is back from signing out at the provider (asked once). */
export function backFromProviderSignOut() {
  const back = sessionStorage.getItem(SIGNED_OUT) === '1';
  sessionStorage.removeItem(SIGNED_OUT);
  return back;
}

/**
 * Sign-in with a tenant API key, through the tenant's identity provider, or with the operator
 * token; a key or token is checked before it is kept.
 */
export function signIn(main, { onSignedIn, showError, clearAlert }) {
  const choices = [
    ['tenant', 'A tenant, with an API key'],
    ['provider', 'A tenant, through its identity provider (single sign-on)'],
    ['operator', 'The operator, with the operator token'],
  ].map(([value, label]) => ({
    value,
    radio: h('input', { type: 'radio', name: 'kind', value, id: `kind-${value}` }),
    label,
  }));
  // whoever last signed in here through a provider finds that way chosen
  choices[localStorage.getItem(LAST_TENANT) ? 1 : 0].radio.checked = true;
  const chosen = () => choices.find((c) => c.radio.checked).value;
  const { field: tokenField, input: token } = field('API key', h('input', {
    type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false',
  }), 'Kept only in this tab (sessionStorage) and sent only in the Authorization header.');
  const { field: tenantField, input: tenant } = field('Tenant', h('input', {
    type: 'text', id: 'tenant', name: 'tenant', autocomplete: 'organization', spellcheck: 'false',
    value: localStorage.getItem(LAST_TENANT) || '',
  }), 'Its short name (slug), such as acme. You sign in on your identity provider\'s page and come back here.');
  const label = tokenField.querySelector('label');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const update = () => {
    const kind = chosen();
    label.textContent = kind === 'operator' ? 'Operator token' : 'API key';
    tokenField.hidden = kind === 'provider';
    token.required = kind !== 'provider';
    tenantField.hidden = kind !== 'provider';
    tenant.required = kind === 'provider';
    submit.textContent = kind === 'provider' ? 'Continue to the identity provider' : 'Sign in';
  };
  for (const c of choices) c.radio.addEventListener('change', update);
  update();
  const form = h('form', {
    class: 'card narrow',
    on: {
      submit: async (e) => {
        e.preventDefault();
        clearAlert();
        const kind = chosen();
        submit.disabled = true;
        if (kind === 'provider') {
          try {
            await startProviderSignIn(tenant.value.trim().toLowerCase());
          } catch (err) {
            showError(err, 'start the sign-in');
            submit.disabled = false;
          }
          return;
        }
        session.set(kind, token.value.trim());
        try {
          await call('GET', kind === 'operator' ? '/v1/tenants' : '/v1/tenant', kind === 'operator' ? { query: { limit: 1 } } : {});
          token.value = '';
          onSignedIn();
        } catch (err) {
          session.clear();
          showError(err, 'sign in');
        } finally {
          submit.disabled = false;
        }
      },
    },
  },
  h('h1', { tabindex: '-1' }, 'Sign in to Silo'),
  h('fieldset', {},
    h('legend', {}, 'Sign in as'),
    choices.map((c) => h('div', { class: 'choice' }, c.radio, h('label', { for: c.radio.id }, c.label)))),
  tokenField,
  tenantField,
  h('div', { class: 'actions' }, submit),
  h('p', { class: 'hint' },
    'No key yet? The operator creates one with ',
    h('code', {}, 'silo key create --tenant <slug>'),
    ', or sets up sign-in through your identity provider (',
    h('code', {}, 'console_client_id'),
    ' in the tenant\'s OIDC settings).'));
  main.append(form);
  (chosen() === 'provider' ? submit : token).focus();
}
