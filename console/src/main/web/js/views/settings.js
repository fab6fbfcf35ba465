import { call } from '../api.js';
import { h, fill, field, table, confirmDialog } from '../dom.js';

/** The actions a rule made here can take: its field in the REST API, and how it reads. */
const ACTIONS = [
  ['expiration_days', 'Delete files', 'days after their last change'],
  ['noncurrent_days', 'Delete earlier versions', 'days after they were replaced'],
  ['abort_incomplete_upload_days', 'Abort unfinished uploads', 'days after they started'],
];

/** A rule in words: what it covers and what it does. */
function describe(rule) {
  const does = ACTIONS.filter(([f]) => rule[f]).map(([f, what, when]) => `${what} ${rule[f]} ${when}`);
  if (rule.expiration_date) does.push(`Delete files from ${rule.expiration_date}`);
  if (rule.expired_object_delete_marker) does.push('Remove delete markers left alone');
  const tags = Object.entries(rule.tags || {}).map(([k, v]) => `${k}=${v}`);
  const covers = [rule.prefix ? `under ${rule.prefix}` : 'every file', ...(tags.length ? [`tagged ${tags.join(', ')}`] : [])];
  return { covers: covers.join(', '), does: does.join('; ') };
}

/** What a page allowed here may do: everything a web app does with signed URLs, presigned URLs and TUS. */
const BROWSER_RULE = {
  allowed_methods: ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'],
  allowed_headers: ['*'],
  expose_headers: ['ETag', 'Location', 'Content-Disposition', 'Upload-Offset', 'Upload-Length', 'Upload-Expires', 'Tus-Resumable'],
  max_age_seconds: 3000,
};

/** An origin as browsers send it: scheme, host and port, no path ("https://app.example/" is "https://app.example"). */
function originOf(text) {
  const v = text.trim();
  if (v === '*' || v.includes('*')) return v;
  try {
    const u = new URL(v);
    return u.origin === 'null' ? v : u.origin;
  } catch {
    return v; // the server says what is wrong with it
  }
}

/**
 * A bucket's settings, folded away under its listing: versioning (on, or suspended once on), the
 * lifecycle rules that remove files, old versions and unfinished uploads on their own, and the web
 * pages (origins) allowed to use the bucket's signed URLs and uploads from a browser.
 */
export function bucketSettings(bucket, ctx) {
  const path = `/v1/buckets/${encodeURIComponent(bucket)}`;
  const versioning = h('p', { id: 'versioning-state' });
  const toggle = h('button', { type: 'button', on: { click: switchVersioning } });
  const rules = h('div', { class: 'rules' });
  const { field: prefixField, input: prefix } = field('Files under', h('input', {
    type: 'text', name: 'prefix', autocomplete: 'off', spellcheck: 'false', placeholder: 'logs/',
  }), 'A key prefix; leave it empty for every file of the bucket.');
  const action = h('select', { name: 'action' }, ACTIONS.map(([f, what, when]) => h('option', { value: f }, `${what}, N ${when}`)));
  const { field: actionField } = field('What to do', action);
  const { field: daysField, input: days } = field('Days (N)', h('input', {
    type: 'number', name: 'days', min: '1', max: '36500', required: true, value: '30',
  }));
  const form = h('form', { class: 'inline', 'aria-label': 'Add a lifecycle rule', on: { submit: add } },
    prefixField, actionField, daysField, h('button', { type: 'submit' }, 'Add rule'));
  const origins = h('div', { class: 'origins' });
  const { field: originField, input: origin } = field('Web page origin', h('input', {
    type: 'text', name: 'origin', autocomplete: 'off', spellcheck: 'false', placeholder: 'https://app.example', required: true,
  }), 'Scheme, host and port of your web app, such as https://app.example; * for any.');
  const originForm = h('form', { class: 'inline', 'aria-label': 'Allow an origin', on: { submit: allowOrigin } },
    originField, h('button', { type: 'submit' }, 'Allow origin'));
  let state = { versioning: 'off', lifecycle: [], cors: [] };

  const section = h('details', { class: 'bucket-settings' },
    h('summary', {}, 'Versioning, lifecycle rules and browser access'),
    h('h2', {}, 'Versioning'),
    h('p', { class: 'hint' }, 'With versioning on, an overwrite or a delete keeps the earlier version, which an object\'s page can restore.'),
    versioning, toggle,
    h('h2', {}, 'Lifecycle rules'),
    h('p', { class: 'hint' }, 'Silo applies these on its own, a day counting to the midnight (UTC) after it. S3 tools set the same rules.'),
    rules, form,
    h('h2', {}, 'Browser access (CORS)'),
    h('p', { class: 'hint' }, 'Pages of these origins may upload and download with this bucket\'s signed URLs, upload URLs (TUS) and presigned S3 URLs, straight from the browser. S3 tools (put-bucket-cors) set the same rules.'),
    origins, originForm);
  section.addEventListener('toggle', () => { if (section.open) load(); }, { once: true });

  async function load() {
    rules.setAttribute('aria-busy', 'true');
    try {
      const [b, lifecycle, cors] = await Promise.all([
        call('GET', path, { signal: ctx.signal }), call('GET', `${path}/lifecycle`, { signal: ctx.signal }),
        call('GET', `${path}/cors`, { signal: ctx.signal }),
      ]);
      state = { versioning: b.versioning, lifecycle: lifecycle.rules, cors: cors.rules };
      draw();
    } catch (e) {
      ctx.showError(e, 'read the bucket\'s settings');
    } finally {
      rules.setAttribute('aria-busy', 'false');
    }
  }

  function draw() {
    const on = state.versioning === 'enabled';
    fill(versioning, on ? 'Versioning is on.' : state.versioning === 'suspended' ? 'Versioning is suspended: versions kept so far stay.' : 'Versioning is off.');
    fill(toggle, on ? 'Suspend versioning' : 'Turn versioning on');
    drawOrigins();
    if (!state.lifecycle.length) {
      fill(rules, h('p', { class: 'empty' }, 'No rule: Silo keeps every file until it is deleted.'));
      return;
    }
    fill(rules, table('Lifecycle rules', ['Rule', 'Covers', 'Does', 'Status', 'Actions'], state.lifecycle.map((r) => {
      const { covers, does } = describe(r);
      return h('tr', { 'data-rule': r.id },
        h('td', {}, r.id), h('td', {}, covers), h('td', {}, does), h('td', {}, r.enabled ? 'on' : 'off'),
        h('td', {}, h('button', {
          type: 'button', class: 'danger', 'aria-label': `Delete rule ${r.id}`,
          on: { click: () => remove(r) },
        }, 'Delete')));
    })));
  }

  async function switchVersioning() {
    const next = state.versioning === 'enabled' ? 'suspended' : 'enabled';
    const b = await ctx.run('change versioning', () => call('PATCH', path, { json: { versioning: next } }));
    if (b) {
      state.versioning = b.versioning;
      ctx.say(next === 'enabled' ? `Versioning is on for ${bucket}.` : `Versioning is suspended for ${bucket}.`);
      draw();
    }
  }

  /** Replaces the bucket's rules of one kind: 'lifecycle' or 'cors', its sub-resource and its field of the state. */
  async function replace(kind, what, next, done) {
    const kept = await ctx.run(`save the ${what}`, () => call('PUT', `${path}/${kind}`, { json: { rules: next } }));
    if (kept) {
      state[kind] = kept.rules;
      ctx.say(done);
      draw();
    }
    return kept;
  }

  async function add(e) {
    e.preventDefault();
    const ids = new Set(state.lifecycle.map((r) => r.id));
    let n = state.lifecycle.length + 1;
    while (ids.has(`rule-${n}`)) n += 1;
    const rule = { id: `rule-${n}`, prefix: prefix.value, [action.value]: Number(days.value) };
    if (await replace('lifecycle', 'lifecycle rules', [...state.lifecycle, rule], `Rule rule-${n} added.`)) prefix.value = '';
  }

  async function remove(rule) {
    if (!(await confirmDialog('Delete rule', `Delete the lifecycle rule ${rule.id}? Files it would have removed stay.`, 'Delete rule'))) return;
    await replace('lifecycle', 'lifecycle rules', state.lifecycle.filter((r) => r.id !== rule.id), `Rule ${rule.id} deleted.`);
  }

  function drawOrigins() {
    if (!state.cors.length) {
      fill(origins, h('p', { class: 'empty' }, 'No origin: only pages the server allows for every bucket may call from a browser.'));
      return;
    }
    fill(origins, table('Origins allowed', ['Origins', 'Methods', 'Pages may read', 'Actions'], state.cors.map((r, i) => {
      const names = r.allowed_origins.join(', ');
      return h('tr', { 'data-origin': names },
        h('td', {}, names), h('td', {}, r.allowed_methods.join(', ')), h('td', {}, r.expose_headers.join(', ') || '—'),
        h('td', {}, h('button', {
          type: 'button', class: 'danger', 'aria-label': `Remove ${names}`,
          on: { click: () => disallow(i, names) },
        }, 'Remove')));
    })));
  }

  async function allowOrigin(e) {
    e.preventDefault();
    const o = originOf(origin.value);
    if (state.cors.some((r) => r.allowed_origins.includes(o))) {
      ctx.say(`${o} is allowed already.`);
      return;
    }
    if (await replace('cors', 'browser access rules', [...state.cors, { allowed_origins: [o], ...BROWSER_RULE }],
      `Pages of ${o} may now use ${bucket} from a browser.`)) {
      origin.value = '';
    }
  }

  async function disallow(index, names) {
    if (!(await confirmDialog('Remove origin', `Stop allowing pages of ${names} to use ${bucket} from a browser?`, 'Remove'))) return;
    await replace('cors', 'browser access rules', state.cors.filter((_, i) => i !== index),
      `Pages of ${names} may no longer use ${bucket} from a browser.`);
  }

  return section;
}
