import { call } from '../api.js';
import { h, fill, field, table } from '../dom.js';
import { date } from '../format.js';

/** The audit log, newest first, filtered by action, time and (for the operator) tenant. */
export async function audit(main, params, ctx) {
  const operator = ctx.kind === 'operator';
  const { field: actionField, input: action } = field('Action', h('input', { type: 'text', autocomplete: 'off' }), 'e.g. object.deleted, credential.revoked');
  const { field: sinceField, input: since } = field('Since', h('input', { type: 'datetime-local' }));
  const { field: tenantField, input: tenant } = field('Tenant', h('input', { type: 'text', autocomplete: 'off' }), 'A tenant slug; empty for all.');
  const list = h('div', { 'aria-busy': 'true' });
  const more = h('div', { class: 'pager' });
  let rows = [];
  const form = h('form', {
    class: 'inline',
    on: { submit: (e) => { e.preventDefault(); rows = []; load(null); } },
  }, actionField, sinceField, operator ? tenantField : null, h('button', { type: 'submit' }, 'Apply filters'));
  main.append(h('h1', { tabindex: '-1' }, 'Audit log'), form, list, more);

  async function load(cursor) {
    list.setAttribute('aria-busy', 'true');
    try {
      const query = {
        action: action.value.trim(), since: since.value ? new Date(since.value).toISOString() : null, cursor, limit: 50,
      };
      if (operator) query.tenant = tenant.value.trim();
      const page = await call('GET', '/v1/audit', { query, signal: ctx.signal });
      rows = rows.concat(page.items);
      const headings = ['Time', 'Actor', 'Action', 'Target', 'Outcome', 'Request id'];
      fill(list, rows.length
        ? table('Audit entries', operator ? ['Tenant', ...headings] : headings, rows.map((r) => [
          // the operator's view names each entry's tenant by slug; a deleted tenant's by its id
          ...(operator ? [r.tenant_slug || r.tenant || '—'] : []),
          date(r.time), r.actor || '—', r.action, r.target || '—', r.outcome || '—', h('code', {}, r.request_id || '—')]))
        : h('p', { class: 'empty' }, 'No entry matches these filters.'));
      fill(more, page.next_cursor ? h('button', { type: 'button', on: { click: () => load(page.next_cursor) } }, 'Older entries') : null);
    } catch (e) {
      ctx.showError(e, 'read the audit log');
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }
  load(null);
}
