import { call } from '../api.js';
import { h, fill, uid } from '../dom.js';
import { bytes, count } from '../format.js';

/** A labelled meter of used against a limit (or the plain figure when there is no limit). */
export function meter(label, used, limit, show) {
  const id = uid('meter');
  const text = limit === null || limit === undefined ? `${show(used)} (no limit)` : `${show(used)} of ${show(limit)}`;
  if (limit === null || limit === undefined) {
    return h('div', { class: 'meter' }, h('span', { class: 'label' }, label), h('span', { class: 'figure' }, text));
  }
  return h('div', { class: 'meter' },
    h('label', { for: id }, label),
    h('meter', {
      id, min: '0', max: String(limit), value: String(Math.min(used, limit)), high: String(limit * 0.8), optimum: '0',
    }),
    h('span', { class: 'figure' }, text));
}

/** The tenant's usage against every limit. */
export async function usage(main, params, ctx) {
  const body = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
  main.append(h('h1', { tabindex: '-1' }, 'Usage'), body);
  try {
    const [t, b] = await Promise.all([ctx.refreshTenant(), call('GET', '/v1/buckets', { signal: ctx.signal })]);
    const l = t.limits;
    fill(body,
      meter('Storage', t.usage.bytes, l.max_bytes, bytes),
      meter('Objects', t.usage.objects, l.max_objects, count),
      meter('Buckets', b.items.length, l.max_buckets, count),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Largest upload'), h('dd', {}, l.max_upload_bytes ? bytes(l.max_upload_bytes) : 'no limit'),
        h('dt', {}, 'Allowed content types'), h('dd', {}, l.allowed_content_types && l.allowed_content_types.length ? l.allowed_content_types.join(', ') : 'any'),
        h('dt', {}, 'Tenant'), h('dd', {}, `${t.name} (${t.slug}), ${t.status}`)));
  } catch (e) {
    fill(body);
    ctx.showError(e, 'read the usage');
  } finally {
    body.setAttribute('aria-busy', 'false');
  }
}
