import { call } from '../api.js';
import { h, fill, field, table, confirmDialog, copyBox } from '../dom.js';
import { date } from '../format.js';

/** Webhooks: add (secret shown once), list, remove, and each one's last deliveries. */
export async function webhooks(main, params, ctx) {
  const out = h('div');
  const list = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading webhooks…'));
  const deliveries = h('section', { 'aria-live': 'polite' });
  const { field: urlField, input: url } = field('URL', h('input', { type: 'url', required: true, autocomplete: 'off', placeholder: 'https://example.com/silo-events' }));
  const { field: evField, input: events } = field('Events', h('input', { type: 'text', autocomplete: 'off' }),
    'Comma-separated event types, e.g. object.created, object.deleted; empty for every event.');
  const form = h('form', {
    class: 'card',
    on: {
      submit: async (e) => {
        e.preventDefault();
        const list2 = events.value.split(',').map((s) => s.trim()).filter(Boolean);
        const made = await ctx.run('add the webhook', () => call('POST', '/v1/webhooks', { json: { url: url.value.trim(), events: list2 } }));
        if (!made) return;
        url.value = '';
        events.value = '';
        fill(out, h('section', { class: 'secret' },
          h('h2', {}, 'Webhook added'),
          h('p', {}, h('strong', {}, 'Copy the signing secret now: it is shown only once. '), 'Use it to check the signature of each delivery.'),
          copyBox('Signing secret', made.secret || ''),
          h('button', { type: 'button', on: { click: () => fill(out) } }, 'I have saved it')));
        load();
      },
    },
  }, h('h2', {}, 'Add a webhook'), urlField, evField, h('button', { type: 'submit', class: 'primary' }, 'Add webhook'));
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
      fill(list, page.items.length ? table('Webhooks', ['URL', 'Events', 'Active', 'Created', 'Actions'], page.items.map((w) => [
        w.url, (w.events || []).join(', '), w.active ? 'yes' : 'no', date(w.created_at),
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
