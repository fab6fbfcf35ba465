import { call } from '../api.js';
import { h, fill, field, table, confirmDialog, copyBox } from '../dom.js';
import { date } from '../format.js';

const SCOPES = [
  ['read', 'Read: list and download'], ['write', 'Write: upload and change'],
  ['delete', 'Delete: remove files and buckets'], ['admin', 'Admin: keys, webhooks, audit log'],
];

function scopeBoxes(prefix, checked) {
  const boxes = SCOPES.map(([s, label]) => {
    const input = h('input', { type: 'checkbox', value: s, id: `${prefix}-${s}`, checked: checked.includes(s) });
    return [input, h('div', { class: 'choice' }, input, h('label', { for: input.id }, label))];
  });
  return {
    fieldset: h('fieldset', {}, h('legend', {}, 'Scopes'), boxes.map(([, el]) => el)),
    values: () => boxes.filter(([i]) => i.checked).map(([i]) => i.value),
  };
}

function secretPanel(title, children) {
  const panel = h('section', { class: 'secret', 'aria-labelledby': 'secret-h', tabindex: '-1' },
    h('h2', { id: 'secret-h' }, title),
    h('p', {}, h('strong', {}, 'Copy it now: it is shown only once. '), 'Silo keeps only a hash of it.'),
    children,
    h('button', { type: 'button', on: { click: () => panel.remove() } }, 'I have saved it'));
  return panel;
}

/** API keys and S3 credentials: create with scopes (secret shown once), list, revoke. */
export async function keys(main, params, ctx) {
  const out = h('div');
  const keyList = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading keys…'));
  const s3List = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading S3 credentials…'));

  const { field: nameField, input: name } = field('Key name', h('input', { type: 'text', autocomplete: 'off', required: true }), 'What or who uses it, e.g. "backup job".');
  const keyScopes = scopeBoxes('key-scope', ['read', 'write']);
  const keyForm = h('form', {
    class: 'card',
    on: {
      submit: async (e) => {
        e.preventDefault();
        const made = await ctx.run('create the key', () => call('POST', '/v1/keys', { json: { name: name.value.trim(), scopes: keyScopes.values() } }));
        if (!made) return;
        name.value = '';
        const panel = secretPanel(`New API key "${made.name}"`, copyBox('API key', made.key));
        fill(out, panel);
        panel.focus();
        loadKeys();
      },
    },
  }, h('h3', {}, 'Create an API key'), nameField, keyScopes.fieldset, h('button', { type: 'submit', class: 'primary' }, 'Create key'));

  const { field: descField, input: desc } = field('Description', h('input', { type: 'text', autocomplete: 'off' }), 'e.g. "laptop rclone mount".');
  const bucketSelect = h('select', {}, h('option', { value: '' }, 'All buckets'));
  const { field: bucketField } = field('Bucket', bucketSelect, 'Limit the credential to one bucket, or leave it for all.');
  const s3Scopes = scopeBoxes('s3-scope', ['read', 'write', 'delete']);
  const s3Form = h('form', {
    class: 'card',
    on: {
      submit: async (e) => {
        e.preventDefault();
        const made = await ctx.run('create the S3 credentials', () => call('POST', '/v1/s3-credentials', {
          json: { description: desc.value.trim() || null, bucket: bucketSelect.value || null, scopes: s3Scopes.values() },
        }));
        if (!made) return;
        desc.value = '';
        const remote = `silo-${ctx.tenant ? ctx.tenant.slug : 'tenant'}`;
        const rclone = [`[${remote}]`, 'type = s3', 'provider = Other', `access_key_id = ${made.access_key_id}`,
          `secret_access_key = ${made.secret_access_key}`, `endpoint = ${made.endpoint}`, `region = ${made.region}`,
          'force_path_style = true'].join('\n');
        // aws-cli, boto3 and the SDKs read these; AWS_ENDPOINT_URL needs aws-cli 2.13 or newer, older ones take --endpoint-url
        const env = [`export AWS_ACCESS_KEY_ID=${made.access_key_id}`, `export AWS_SECRET_ACCESS_KEY=${made.secret_access_key}`,
          `export AWS_DEFAULT_REGION=${made.region}`, `export AWS_ENDPOINT_URL=${made.endpoint}`].join('\n');
        const panel = secretPanel('New S3 credentials', [
          copyBox('Access key id', made.access_key_id),
          copyBox('Secret access key', made.secret_access_key),
          copyBox('rclone configuration (add it to ~/.config/rclone/rclone.conf)', rclone, true),
          h('p', { class: 'hint' }, `Then: rclone ls ${remote}:${made.bucket || '<bucket>'}`),
          copyBox('Environment for aws-cli and the AWS SDKs', env, true),
          h('p', { class: 'hint' }, `Then: aws s3 ls s3://${made.bucket || '<bucket>'} (before aws-cli 2.13, add --endpoint-url ${made.endpoint})`),
        ]);
        fill(out, panel);
        panel.focus();
        loadS3();
      },
    },
  }, h('h3', {}, 'Create S3 credentials'), descField, bucketField, s3Scopes.fieldset, h('button', { type: 'submit', class: 'primary' }, 'Create S3 credentials'));

  main.append(h('h1', { tabindex: '-1' }, 'Keys'), out,
    h('section', { 'aria-labelledby': 'apikeys-h' }, h('h2', { id: 'apikeys-h' }, 'API keys'), keyForm, keyList),
    h('section', { 'aria-labelledby': 's3-h' }, h('h2', { id: 's3-h' }, 'S3 credentials'),
      h('p', { class: 'hint' }, 'For S3 clients (aws, rclone, SDKs) on the S3 port.'), s3Form, s3List));

  async function loadKeys() {
    try {
      const page = await call('GET', '/v1/keys', { signal: ctx.signal });
      fill(keyList, table('API keys', ['Name', 'Prefix', 'Scopes', 'Created', 'Last used', 'Status'], page.items.map((k) => [
        k.name || '—', h('code', {}, k.prefix || k.id), k.scopes.join(', '), date(k.created_at), date(k.last_used_at),
        k.revoked_at ? `revoked ${date(k.revoked_at)}` : h('button', {
          type: 'button', class: 'danger', 'aria-label': `Revoke key ${k.name || k.id}`,
          on: {
            click: async () => {
              if (!(await confirmDialog('Revoke key', `Revoke the key ${k.name || k.id}? Anything using it stops working at once.`, 'Revoke'))) return;
              const done = await ctx.run('revoke the key', () => call('DELETE', `/v1/keys/${encodeURIComponent(k.id)}`));
              if (done !== undefined) { ctx.say('Key revoked.'); loadKeys(); }
            },
          },
        }, 'Revoke'),
      ])));
    } catch (e) {
      fill(keyList);
      ctx.showError(e, 'list the API keys');
    } finally {
      keyList.setAttribute('aria-busy', 'false');
    }
  }

  async function loadS3() {
    try {
      const page = await call('GET', '/v1/s3-credentials', { signal: ctx.signal });
      fill(s3List, page.items.length ? table('S3 credentials', ['Access key id', 'Description', 'Bucket', 'Scopes', 'Created', 'Last used', 'Status'], page.items.map((c) => [
        h('code', {}, c.access_key_id), c.description || '—', c.bucket || 'all', c.scopes.join(', '), date(c.created_at), date(c.last_used_at),
        c.revoked_at ? `revoked ${date(c.revoked_at)}` : h('button', {
          type: 'button', class: 'danger', 'aria-label': `Revoke S3 credentials ${c.access_key_id}`,
          on: {
            click: async () => {
              if (!(await confirmDialog('Revoke S3 credentials', `Revoke ${c.access_key_id}? S3 clients using it stop working at once.`, 'Revoke'))) return;
              const done = await ctx.run('revoke the S3 credentials', () => call('DELETE', `/v1/s3-credentials/${encodeURIComponent(c.access_key_id)}`));
              if (done !== undefined) { ctx.say('S3 credentials revoked.'); loadS3(); }
            },
          },
        }, 'Revoke'),
      ])) : h('p', { class: 'empty' }, 'No S3 credentials yet.'));
    } catch (e) {
      fill(s3List);
      ctx.showError(e, 'list the S3 credentials');
    } finally {
      s3List.setAttribute('aria-busy', 'false');
    }
  }

  call('GET', '/v1/buckets', { signal: ctx.signal })
    .then((page) => page.items.forEach((b) => bucketSelect.append(h('option', { value: b.name }, b.name))))
    .catch(() => {});
  loadKeys();
  loadS3();
}
