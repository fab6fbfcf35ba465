import { call } from '../api.js';
import { h, fill, field, table, confirmDialog } from '../dom.js';
import { bytes, count, date } from '../format.js';

/** The tenant's buckets: create one (within max_buckets), delete an empty one. */
export async function buckets(main, params, ctx) {
  const list = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading buckets…'));
  const quota = h('p', { class: 'hint', id: 'bucket-quota' });
  const { field: nameField, input: name } = field('New bucket name', h('input', {
    type: 'text', name: 'bucket', autocomplete: 'off', required: true, spellcheck: 'false',
  }), '3 to 63 characters: lower-case letters, digits, dots and hyphens.');
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create bucket');
  const form = h('form', {
    class: 'inline',
    on: {
      submit: async (e) => {
        e.preventDefault();
        const made = await ctx.run('create the bucket', () => call('POST', '/v1/buckets', { json: { name: name.value.trim() } }));
        if (made) {
          ctx.say(`Bucket ${made.name} created.`);
          name.value = '';
          load();
        }
      },
    },
  }, nameField, create);
  main.append(h('h1', { tabindex: '-1' }, 'Buckets'), form, quota, list);

  async function load() {
    list.setAttribute('aria-busy', 'true');
    try {
      const [page, tenant] = await Promise.all([
        call('GET', '/v1/buckets', { signal: ctx.signal }), ctx.refreshTenant(),
      ]);
      const items = page.items;
      const max = tenant.limits.max_buckets;
      fill(quota, max === null || max === undefined ? `${items.length} buckets.` : `${items.length} of ${max} buckets used.`);
      create.disabled = max !== null && max !== undefined && items.length >= max;
      if (create.disabled) quota.append(' Delete an empty bucket, or ask the operator to raise the limit, to create another.');
      if (!items.length) {
        fill(list, h('div', { class: 'empty' },
          h('p', {}, 'There is no bucket yet.'),
          h('p', {}, 'Create one above, then open it to upload files.')));
        return;
      }
      fill(list, table('Buckets', ['Name', 'Objects', 'Size', 'Created', 'Actions'], items.map((b) => [
        h('a', { href: `#/bucket?b=${encodeURIComponent(b.name)}` }, b.name),
        count(b.usage.objects),
        bytes(b.usage.bytes),
        date(b.created_at),
        h('button', {
          type: 'button',
          class: 'danger',
          'aria-label': `Delete bucket ${b.name}`,
          on: {
            click: async () => {
              if (!(await confirmDialog('Delete bucket', `Delete the bucket ${b.name}? Only an empty bucket can be deleted.`, 'Delete bucket'))) return;
              const done = await ctx.run(`delete the bucket ${b.name}`, () => call('DELETE', `/v1/buckets/${encodeURIComponent(b.name)}`));
              if (done !== undefined) { ctx.say(`Bucket ${b.name} deleted.`); load(); }
            },
          },
        }, 'Delete'),
      ])));
    } catch (e) {
      fill(list);
      ctx.showError(e, 'list the buckets');
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }
  load();
}
