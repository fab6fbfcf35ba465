import { call } from '../api.js';
import { h, fill, field, confirmDialog, uid } from '../dom.js';
import { bytes, count, parseSize } from '../format.js';
import { meter } from './usage.js';

const PAGE = 50;

function limitFields(limits) {
  const l = limits || {};
  const f = {
    max_bytes: field('Storage limit', h('input', { type: 'text', autocomplete: 'off', value: l.max_bytes ? bytes(l.max_bytes) : '' }), 'e.g. 10 GB; empty for none.'),
    max_objects: field('Object limit', h('input', { type: 'number', min: '0', value: l.max_objects ?? '' }), 'Empty for none.'),
    max_upload_bytes: field('Largest upload', h('input', { type: 'text', autocomplete: 'off', value: l.max_upload_bytes ? bytes(l.max_upload_bytes) : '' }), 'e.g. 5 GB; empty for none.'),
    max_buckets: field('Bucket limit', h('input', { type: 'number', min: '0', value: l.max_buckets ?? '' })),
  };
  return {
    fields: Object.values(f).map((x) => x.field),
    /** The limits as the API takes them; an empty box means "no limit". */
    values() {
      const out = {
        max_bytes: parseSize(f.max_bytes.input.value),
        max_objects: f.max_objects.input.value === '' ? null : Number(f.max_objects.input.value),
        max_upload_bytes: parseSize(f.max_upload_bytes.input.value),
      };
      if (f.max_buckets.input.value !== '') out.max_buckets = Number(f.max_buckets.input.value);
      return out;
    },
  };
}

/** The operator's tenants: usage, status and readiness; create, suspend/resume, edit limits, delete. */
export async function tenants(main, params, ctx) {
  const list = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading tenants…'));
  const more = h('div', { class: 'pager' });
  let shown = [];
  const editor = h('div');
  const { field: slugField, input: slug } = field('Slug', h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false' }),
    '3 to 40 characters: lower-case letters, digits and hyphens. It names the tenant in URLs and cannot change.');
  const { field: nameField, input: name } = field('Name', h('input', { type: 'text', autocomplete: 'off' }));
  const limits = limitFields(null);
  const form = h('form', {
    class: 'card',
    on: {
      submit: async (e) => {
        e.preventDefault();
        const made = await ctx.run('create the tenant', () => call('POST', '/v1/tenants', {
          json: { slug: slug.value.trim(), name: name.value.trim() || slug.value.trim(), limits: limits.values() },
        }));
        if (made) {
          ctx.say(`Tenant ${made.slug} created.`);
          slug.value = '';
          name.value = '';
          load();
        }
      },
    },
  }, h('h2', {}, 'Create a tenant'), slugField, nameField, h('fieldset', {}, h('legend', {}, 'Limits'), limits.fields),
  h('button', { type: 'submit', class: 'primary' }, 'Create tenant'));
  const { field: findField, input: find } = field('Slug starts with', h('input', { type: 'search', autocomplete: 'off', spellcheck: 'false' }), 'Empty for every tenant.');
  const search = h('form', { class: 'inline', role: 'search', on: { submit: (e) => { e.preventDefault(); load(); } } },
    findField, h('button', { type: 'submit' }, 'Find'));
  main.append(h('h1', { tabindex: '-1' }, 'Tenants'), search, list, more, editor, form);

  function edit(t) {
    const l = limitFields(t.limits);
    const titleId = uid('edit');
    fill(editor, h('form', {
      class: 'card', 'aria-labelledby': titleId,
      on: {
        submit: async (e) => {
          e.preventDefault();
          const done = await ctx.run(`change the limits of ${t.slug}`, () => call('PATCH', `/v1/tenants/${encodeURIComponent(t.slug)}`, { json: { limits: l.values() } }));
          if (done) { fill(editor); ctx.say(`Limits of ${t.slug} saved.`); load(); }
        },
      },
    }, h('h2', { id: titleId, tabindex: '-1' }, `Limits of ${t.slug}`), l.fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save limits'), h('button', { type: 'button', on: { click: () => fill(editor) } }, 'Cancel'))));
    editor.querySelector('h2').focus();
  }

  /**
   * The tenant's identity provider: JWTs it issues are the tenant's credentials, and with a console
   * client its people sign in to this console through it. Its scope map, if any, is kept as it is.
   */
  function editProvider(t) {
    const o = t.oidc || {};
    const text = (label, value, hint) => field(label, h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', value: value || '' }), hint);
    const f = {
      issuer: text('Issuer', o.issuer, 'The provider\'s issuer URL, as its tokens name it (iss).'),
      audience: text('Audience', o.audience, 'What its tokens for Silo carry in aud.'),
      jwks_url: text('Key set URL (JWKS)', o.jwks_url),
      tenant_claim: text('Tenant claim', o.tenant_claim || 'tenant', 'The claim that names this tenant\'s slug.'),
      scopes_claim: text('Scopes claim', o.scopes_claim || 'scope'),
      console_client_id: text('Console client id', o.console_client_id,
        `The public client the provider knows this console by, redirecting to ${location.origin}/console/; empty: no sign-in to the console through it.`),
      console_scope: text('Console scope', o.console_scope, 'What the console asks for; empty: openid.'),
    };
    const titleId = uid('idp');
    const value = (k) => f[k].input.value.trim() || null;
    fill(editor, h('form', {
      class: 'card', 'aria-labelledby': titleId,
      on: {
        submit: async (e) => {
          e.preventDefault();
          const oidc = Object.fromEntries(Object.keys(f).map((k) => [k, value(k)]));
          if (!oidc.console_client_id) oidc.console_scope = null;
          if (o.scope_map) oidc.scope_map = o.scope_map;
          const done = await ctx.run(`set the identity provider of ${t.slug}`,
            () => call('PATCH', `/v1/tenants/${encodeURIComponent(t.slug)}`, { json: { oidc } }));
          if (done) { fill(editor); ctx.say(`Identity provider of ${t.slug} saved.`); load(); }
        },
      },
    }, h('h2', { id: titleId, tabindex: '-1' }, `Identity provider of ${t.slug}`), Object.values(f).map((x) => x.field),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Save identity provider'),
      t.oidc ? h('button', {
        type: 'button', class: 'danger',
        on: {
          click: async () => {
            if (!(await confirmDialog('Remove identity provider', `Stop taking ${t.slug}'s provider's tokens? People signed in through it are signed out at their next request.`, 'Remove'))) return;
            const done = await ctx.run(`remove the identity provider of ${t.slug}`,
              () => call('PATCH', `/v1/tenants/${encodeURIComponent(t.slug)}`, { json: { oidc: null } }));
            if (done) { fill(editor); ctx.say(`${t.slug} has no identity provider now.`); load(); }
          },
        },
      }, 'Remove') : null,
      h('button', { type: 'button', on: { click: () => fill(editor) } }, 'Cancel'))));
    editor.querySelector('h2').focus();
  }

  async function setStatus(t, status) {
    const done = await ctx.run(`change the status of ${t.slug}`, () => call('PATCH', `/v1/tenants/${encodeURIComponent(t.slug)}`, { json: { status } }));
    if (done) { ctx.say(`${t.slug} is ${done.status}.`); load(); }
  }

  async function remove(t) {
    const ok = await confirmDialog('Delete tenant', `Delete the tenant ${t.slug} with all its buckets, files and keys? This cannot be undone.`, 'Delete tenant', t.slug);
    if (!ok) return;
    const done = await ctx.run(`delete ${t.slug}`, () => call('DELETE', `/v1/tenants/${encodeURIComponent(t.slug)}`));
    if (done !== undefined) { ctx.say(`Tenant ${t.slug} deleted.`); load(); }
  }

  // a page at a time, as the API gives them: an operator with thousands of tenants finds one by its slug
  async function load(cursor = null) {
    list.setAttribute('aria-busy', 'true');
    try {
      const query = { prefix: find.value.trim().toLowerCase(), cursor, limit: PAGE };
      const [page, ready] = await Promise.all([
        call('GET', '/v1/tenants', { query, signal: ctx.signal }),
        // the readiness of the same page's storage; 503 when one is down: the answer still names which
        call('GET', '/readyz/tenants', { query, signal: ctx.signal, accept: [503] }).catch(() => null),
      ]);
      const storage = new Map(((ready && ready.items) || []).map((r) => [r.tenant, r.storage]));
      shown = (cursor ? shown : []).concat(page.items.map((t) => ({ t, ready: storage.get(t.slug) || 'unknown' })));
      fill(more, page.next_cursor ? h('button', { type: 'button', on: { click: () => load(page.next_cursor) } }, 'More tenants') : null);
      if (!shown.length) {
        fill(list, h('p', { class: 'empty' }, query.prefix
          ? `No tenant's slug starts with ${query.prefix}.`
          : 'No tenant yet: create the first one below, then give it an API key with silo key create.'));
        return;
      }
      fill(list, h('ul', { class: 'tenants' }, shown.map(({ t, ready: r }) => h('li', { class: 'card tenant', 'data-slug': t.slug },
        h('h2', {}, t.name && t.name !== t.slug ? `${t.name} (${t.slug})` : t.slug),
        h('p', {},
          h('span', { class: `badge ${t.status}`, 'data-status': t.status }, t.status),
          ' storage: ', h('span', { class: 'badge', 'data-ready': r }, r),
          t.oidc ? [' sign-in: ', h('span', { class: 'badge', 'data-oidc': t.oidc.console_client_id ? 'console' : 'tokens' },
            t.oidc.console_client_id ? 'identity provider' : 'provider tokens')] : null),
        meter(`Storage of ${t.slug}`, t.usage.bytes, t.limits.max_bytes, bytes),
        meter(`Objects of ${t.slug}`, t.usage.objects, t.limits.max_objects, count),
        h('div', { class: 'actions' },
          t.status === 'active'
            ? h('button', { type: 'button', 'aria-label': `Suspend ${t.slug}`, on: { click: () => setStatus(t, 'suspended') } }, 'Suspend')
            : h('button', { type: 'button', 'aria-label': `Resume ${t.slug}`, on: { click: () => setStatus(t, 'active') } }, 'Resume'),
          h('button', { type: 'button', 'aria-label': `Edit limits of ${t.slug}`, on: { click: () => edit(t) } }, 'Edit limits'),
          h('button', { type: 'button', 'aria-label': `Identity provider of ${t.slug}`, on: { click: () => editProvider(t) } }, 'Identity provider'),
          h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${t.slug}`, on: { click: () => remove(t) } }, 'Delete'))))));
    } catch (e) {
      fill(list);
      ctx.showError(e, 'list the tenants');
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }
  load();
}
