import { call } from '../api.js';
import { h, fill, field, table, confirmDialog, copyBox } from '../dom.js';
import { date } from '../format.js';

/** Which objects a webhook's filter passes, in words. */
function objects(f) {
  if (!f || (!f.bucket && !f.prefix && !f.suffix)) return 'all';
  return [f.bucket ? `bucket ${f.bucket}` : 'any bucket', f.prefix ? `keys starting with ${f.prefix}` : null,
    f.suffix ? `keys ending with ${f.suffix}` : null].filter(Boolean).join(', ');
}

/** Webhooks: add (secret shown once), list, remove, and each one's last deliveries. */
export async function webhooks(main, params, ctx) {
  const out = h('div');
  const list = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading webhooks…'));
  const deliveries = h('section', { 'aria-live': 'polite' });
  const { field: urlField, input: url } = field('URL', h('input', { type: 'url', required: true, autocomplete: 'off', placeholder: 'https://example.com/silo-events' }));
  const { field: evField, input: events } = field('Events', h('input', { type: 'text', autocomplete: 'off' }),
    'Comma-separated event types, e.g. object.created, object.deleted; empty for every event.');
  const { field: bucketField, input: bucket } = field('Only objects of bucket', h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' }),
    'Optional. With this or a key filter, only object events are sent.');
  const { field: prefixField, input: prefix } = field('Only keys starting with', h('input', {
    type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'uploads/',
  }));
  const { field: suffixField, input: suffix } = field('Only keys ending with', h('input', {
    type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: '.jpg',
  }));
  const form = h('form', {
    class: 'card',
    on: {
      submit: async (e) => {
        e.preventDefault();
        const list2 = events.value.split(',').map((s) => s.trim()).filter(Boolean);
        const filter = { bucket: bucket.value.trim() || null, prefix: prefix.value || null, suffix: suffix.value || null };
        const made = await ctx.run('add the webhook', () => call('POST', '/v1/webhooks', { json: { url: url.value.trim(), events: list2, filter } }));
        if (!made) return;
        for (const input of [url, events, bucket, prefix, suffix]) input.value = '';
        fill(out, h('section', { class: 'secret' },
          h('h2', {}, 'Webhook added'),
          h('p', {}, h('strong', {}, 'Copy the signing secret now: it is shown only once. '), 'Use it to check the signature of each delivery.'),
          copyBox('Signing secret', made.secret || ''),
          h('button', { type: 'button', on: { click: () => fill(out) } }, 'I have saved it')));
        load();
      },
    },
  }, h('h2', {}, 'Add a webhook'), urlField, evField, bucketField, prefixField, suffixField,
  h('button', { type: 'submit', class: 'primary' }, 'Add webhook'));
  main.append(h('h1', { tabindex: '-1' }, 'Webhooks'), out, form, h('h2', {}, 'Webhooks'), list, deliveries);

  async function showDeliveries(w) {
    fill(deliveries, h('h2', {}, `Last deliveries to ${w.url}`), h('p', { 'aria-busy': 'true' }, 'Loading…'));
    try {
      const page = await call('GET', `/v1/webhooks/${encodeURIComponent(w.id)}/deliveries`, { query: { limit: 20 }, signal: ctx.signal });
      fill(deliveries, h('h2', {}, `Last deliveries to ${w.url}`), page.items.length
        ? table('Deliveries', ['Event', 'Status', 'Attempts', 'First try', 'Last change', 'Last error'], page.items.map((d) => [
          d.event_id, d.status, String(d.attempts), date(d.first_at), date(d.updated_at), d.last_error || '—']))
        : h('p', { class: 'empty' }, 'Nothing delivered yet: deliveries appear after the next matching event.'));
    } catch (e) {
      fill(deliveries);
      ctx.showError(e, 'list the deliveries');
    }
  }

  async function load() {
    try {
      const page = await call('GET', '/v1/webhooks', { signal: ctx.signal });
      fill(list, page.items.length ? table('Webhooks', ['URL', 'Events', 'Objects', 'Active', 'Created', 'Actions'], page.items.map((w) => [
        w.url, (w.events || []).join(', '), objects(w.filter), w.active ? 'yes' : 'no', date(w.created_at),
        h('div', { class: 'actions' },
          h('button', { type: 'button', 'aria-label': `Deliveries of ${w.url}`, on: { click: () => showDeliveries(w) } }, 'Deliveries'),
          h('button', {
            type: 'button', class: 'danger', 'aria-label': `Remove webhook ${w.url}`,
            on: {
              click: async () => {
                if (!(await confirmDialog('Remove webhook', `Stop sending events to ${w.url}?`, 'Remove'))) return;
                const done = await ctx.run('remove the webhook', () => call('DELETE', `/v1/webhooks/${encodeURIComponent(w.id)}`));
                if (done !== undefined) { fill(deliveries); load(); }
              },
            },
          }, 'Remove')),
      ])) : h('p', { class: 'empty' }, 'No webhook yet: add one above to have Silo POST every change to your service.'));
    } catch (e) {
      fill(list);
      ctx.showError(e, 'list the webhooks');
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }
  load();
}
