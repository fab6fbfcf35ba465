import { call, session } from '../api.js';
import { h, field } from '../dom.js';

/** Sign-in with a tenant API key or the operator token; the credential is checked before it is kept. */
export function signIn(main, { onSignedIn, showError, clearAlert }) {
  const tenantRadio = h('input', { type: 'radio', name: 'kind', value: 'tenant', id: 'kind-tenant', checked: true });
  const operatorRadio = h('input', { type: 'radio', name: 'kind', value: 'operator', id: 'kind-operator' });
  const { field: tokenField, input: token } = field('API key', h('input', {
    type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false',
  }), 'Kept only in this tab (sessionStorage) and sent only in the Authorization header.');
  const label = tokenField.querySelector('label');
  const update = () => { label.textContent = operatorRadio.checked ? 'Operator token' : 'API key'; };
  tenantRadio.addEventListener('change', update);
  operatorRadio.addEventListener('change', update);
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', {
    class: 'card narrow',
    on: {
      submit: async (e) => {
        e.preventDefault();
        clearAlert();
        const kind = operatorRadio.checked ? 'operator' : 'tenant';
        session.set(kind, token.value.trim());
        submit.disabled = true;
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
    h('div', { class: 'choice' }, tenantRadio, h('label', { for: 'kind-tenant' }, 'A tenant, with an API key')),
    h('div', { class: 'choice' }, operatorRadio, h('label', { for: 'kind-operator' }, 'The operator, with the operator token'))),
  tokenField,
  h('div', { class: 'actions' }, submit),
  h('p', { class: 'hint' },
    'No key yet? The operator creates one with ',
    h('code', {}, 'silo key create --tenant <slug>'),
    '. Signing in with your identity provider (OIDC) is not offered by the console yet.'));
  main.append(form);
  token.focus();
}
