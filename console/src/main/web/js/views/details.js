import { call, keyPath, imageUrl } from '../api.js';
import { h, fill, field, table, confirmDialog, promptDialog, copy, copyBox } from '../dom.js';
import { bytes, date } from '../format.js';

const TTLS = [['300', '5 minutes'], ['3600', '1 hour'], ['86400', '1 day'], ['604800', '7 days']];

function isCsv(o) {
  const t = (o.content_type || '').toLowerCase();
  return t.startsWith('text/csv') || t.startsWith('text/tab-separated-values') || /\.(csv|tsv)(\.gz)?$/i.test(o.key);
}

function folderOf(key) {
  return key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '';
}

/** One object: its facts, download, share link, public/private, versions, preview, delete. */
export async function details(main, params, ctx) {
  const bucket = params.get('b');
  const key = params.get('k');
  const folder = folderOf(key);
  const back = `#/bucket?b=${encodeURIComponent(bucket)}${folder ? `&p=${encodeURIComponent(folder)}` : ''}`;
  const facts = h('div', { 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
  const actions = h('div', { class: 'actions' });
  const share = h('section', { 'aria-labelledby': 'share-h' });
  const visibility = h('section', { 'aria-labelledby': 'vis-h' });
  const preview = h('section', { 'aria-labelledby': 'preview-h', class: 'preview' });
  const history = h('section', { 'aria-labelledby': 'versions-h' });
  main.append(
    h('p', {}, h('a', { href: back }, `← Back to ${folder || bucket}`)),
    h('h1', { tabindex: '-1', class: 'key' }, key),
    actions, facts, visibility, share, history, preview);

  let info;
  let deleted = false;
  try {
    info = await call('GET', keyPath('/v1/info/', key), { query: { bucket }, signal: ctx.signal });
  } catch (e) {
    if (e.status === 404 && await drawDeleted()) return;
    fill(facts);
    ctx.showError(e, `read ${key}`);
    return;
  }
  facts.setAttribute('aria-busy', 'false');
  drawFacts();

  fill(actions,
    h('button', { type: 'button', class: 'primary', on: { click: download } }, 'Download'),
    h('button', { type: 'button', on: { click: rename } }, 'Rename or move'),
    h('button', { type: 'button', class: 'danger', on: { click: remove } }, 'Delete'));
  drawVisibility();
  drawShare();
  drawVersions();
  drawPreview();

  function drawFacts() {
    const meta = Object.entries(info.metadata || {});
    const tags = Object.entries(info.tags || {});
    fill(facts, h('dl', { class: 'facts' }, [
      ['Size', `${bytes(info.size)} (${info.size.toLocaleString('en')} bytes)`],
      ['Type', info.content_type || '—'],
      ['ETag', info.etag || '—'],
      ['SHA-256', info.sha256 || '—'],
      ['Created', date(info.created_at)],
      ['Modified', date(info.updated_at)],
      ['Id', info.id],
      ['Version', info.version_id || '—'],
      ['Bucket', info.bucket],
      ...lockFacts(info.object_lock),
    ].map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, v)])),
    meta.length ? [h('h2', {}, 'Metadata'), table('Metadata', ['Name', 'Value'], meta.map(([k, v]) => [k, v]))] : h('p', { class: 'hint' }, 'No user metadata.'),
    tags.length ? [h('h2', {}, 'Tags'), table('Tags', ['Key', 'Value'], tags.map(([k, v]) => [k, v]))] : h('p', { class: 'hint' }, 'No tags.'),
    h('button', { type: 'button', on: { click: editAttributes } }, 'Edit metadata and tags'));
  }

  /**
   * Metadata and tags edited as rows of name and value, saved together: metadata replaces the
   * file's (its bytes and ETag stay), tags replace its tags. The server says what it refuses.
   */
  function editAttributes() {
    const metaRows = pairRows('Metadata', 'Name', info.metadata);
    const tagRows = pairRows('Tags', 'Key', info.tags);
    const form = h('form', {
      class: 'card attributes',
      on: {
        submit: async (e) => {
          e.preventDefault();
          const updated = await ctx.run('save the metadata and tags', () => call('PATCH', keyPath('/v1/info/', key), {
            query: { bucket }, json: { metadata: metaRows.read(), tags: tagRows.read() },
          }));
          if (updated) {
            info = updated;
            drawFacts();
            ctx.say('Metadata and tags saved.');
          }
        },
      },
    },
    h('h2', {}, 'Edit metadata and tags'),
    metaRows.el, tagRows.el,
    h('div', { class: 'actions' },
      h('button', { type: 'button', on: { click: drawFacts } }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Save')));
    fill(facts, form);
    (form.querySelector('input') || form.querySelector('button')).focus();
  }

  /** S3 object lock: while it holds, the version cannot be deleted for good (the server refuses). */
  function lockFacts(lock) {
    if (!lock) return [];
    return [
      ...(lock.mode ? [['Retention', `${lock.mode.toLowerCase()} until ${date(lock.retain_until)}`]] : []),
      ...(lock.legal_hold ? [['Legal hold', 'on']] : []),
    ];
  }

  async function download() {
    const link = await ctx.run('prepare the download', () => call('POST', keyPath('/v1/sign/', key), { query: { bucket }, json: { ttl_seconds: 300 } }));
    if (!link) return;
    // A short-lived signed URL: the browser streams the file to disk instead of into memory.
    const a = h('a', { href: link.url, download: key.slice(key.lastIndexOf('/') + 1) || 'download', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
  }

  /** A new key for the file (a folder is the part before the last /); the server copies it there and deletes it here. */
  async function rename() {
    const to = (await promptDialog('Rename or move', 'New name', key, 'Rename',
      'The whole name: folders are separated by /, as in reports/2026/q1.csv.'))?.trim().replace(/^\/+/, '');
    if (!to || to === key) return;
    const moved = await ctx.run(`rename ${key}`, async () => {
      try {
        return await call('POST', '/v1/move', { json: { bucket, key, to_bucket: bucket, to_key: to } });
      } catch (e) {
        if (e.code !== 'object_exists') throw e;
        if (!(await confirmDialog('Replace file', `A file named ${to} already exists. Replace it with ${key}?`, 'Replace'))) return null;
        return call('POST', '/v1/move', { json: { bucket, key, to_bucket: bucket, to_key: to, overwrite: true } });
      }
    });
    if (moved) {
      ctx.say(`${key} is now ${moved.key}.`);
      location.hash = `#/object?b=${encodeURIComponent(bucket)}&k=${encodeURIComponent(moved.key)}`;
    }
  }

  /** A file deleted in a versioned bucket: its versions, to bring it back. False when it has none to restore. */
  async function drawDeleted() {
    let listing;
    try {
      listing = await call('GET', '/v1/versions', { query: { bucket, prefix: key, limit: 100 }, signal: ctx.signal });
    } catch {
      return false;
    }
    if (!(listing.items || []).some((v) => v.key === key && !v.delete_marker)) return false;
    deleted = true;
    facts.setAttribute('aria-busy', 'false');
    fill(facts, h('p', { class: 'notice', 'data-deleted': 'true' },
      'This file was deleted. Its earlier versions are kept: restore one to bring it back.'));
    await drawVersions();
    return true;
  }

  async function remove() {
    const b = await ctx.run('read the bucket', () => call('GET', `/v1/buckets/${encodeURIComponent(bucket)}`));
    const kept = b && b.versioning === 'enabled';
    const warning = kept
      ? `Delete ${key}? Its versions are kept: it can be restored from the Deleted files of its folder.`
      : `Delete ${key}? This cannot be undone.`;
    if (!(await confirmDialog('Delete file', warning, 'Delete'))) return;
    const done = await ctx.run(`delete ${key}`, () => call('DELETE', keyPath('/v1/objects/', key), { query: { bucket } }));
    if (done !== undefined) {
      ctx.say(`${key} deleted.`);
      location.hash = back;
    }
  }

  /**
   * The key's versions, newest first (from the version listing of its bucket, which starts at
   * the key: entries of longer keys that share it as a prefix are left out). An older version
   * can be restored (a new current version with its bytes) or deleted for good.
   */
  async function drawVersions() {
    fill(history, h('h2', { id: 'versions-h' }, 'Versions'), h('p', { 'aria-busy': 'true' }, 'Reading the versions…'));
    let listing;
    try {
      listing = await call('GET', '/v1/versions', { query: { bucket, prefix: key, limit: 100 }, signal: ctx.signal });
    } catch (e) {
      fill(history, h('h2', { id: 'versions-h' }, 'Versions'), h('p', {}, `No versions: ${e.message}`));
      return;
    }
    const mine = (listing.items || []).filter((v) => v.key === key);
    if (mine.length <= 1) {
      fill(history, h('h2', { id: 'versions-h' }, 'Versions'), h('p', { class: 'hint' }, 'No earlier versions. With versioning on for the bucket, every overwrite and delete keeps the previous version here.'));
      return;
    }
    const rows = mine.map((v) => h('tr', { 'data-version': v.version_id },
      h('td', {}, h('code', {}, v.version_id)),
      h('td', {}, date(v.updated_at)),
      h('td', {}, v.delete_marker ? 'delete marker' : bytes(v.size)),
      h('td', {}, v.is_latest ? 'current' : ''),
      h('td', {},
        !v.delete_marker && !v.is_latest
          ? h('button', { type: 'button', on: { click: () => restore(v) } }, 'Restore')
          : null,
        h('button', { type: 'button', class: 'danger', on: { click: () => removeVersion(v) } }, 'Delete for good'))));
    fill(history, h('h2', { id: 'versions-h' }, 'Versions'),
      table(`Versions of ${key}`, ['Version', 'Modified', 'Size', 'State', 'Actions'], rows),
      listing.next_cursor && mine.length === (listing.items || []).length ? h('p', { class: 'hint' }, 'Only the newest 100 versions are shown.') : null);
  }

  async function restore(v) {
    const done = await ctx.run('restore the version', () => call('POST', `${keyPath('/v1/objects/', key)}/restore`, {
      query: { bucket }, json: { version_id: v.version_id },
    }));
    if (done !== undefined) {
      ctx.say(`The version of ${date(v.updated_at)} is current again.`);
      if (deleted) {
        // back from deletion: the whole page, as for any file
        main.replaceChildren();
        await details(main, params, ctx);
        return;
      }
      await refresh();
    }
  }

  async function removeVersion(v) {
    const what = v.delete_marker ? 'this delete marker' : `the version of ${date(v.updated_at)}`;
    if (!(await confirmDialog('Delete version', `Delete ${what} of ${key} for good? This cannot be undone.`, 'Delete for good'))) return;
    const done = await ctx.run('delete the version', () => call('DELETE', keyPath('/v1/objects/', key), {
      query: { bucket, version_id: v.version_id },
    }));
    if (done !== undefined) {
      ctx.say('The version is deleted.');
      await refresh();
    }
  }

  /**
   * After a version changed: the current object's facts, visibility and preview again (it may be
   * another version now), and the list.
   */
  async function refresh() {
    try {
      info = await call('GET', keyPath('/v1/info/', key), { query: { bucket }, signal: ctx.signal });
      drawFacts();
      drawVisibility();
      drawPreview();
    } catch (e) {
      ctx.showError(e, `read ${key}`);
    }
    await drawVersions();
  }

  function publicUrl() {
    return `${location.origin}${keyPath(`/v1/public/${encodeURIComponent(ctx.tenant.slug)}/`, key)}?bucket=${encodeURIComponent(bucket)}`;
  }

  function drawVisibility() {
    const isPublic = info.acl === 'public';
    const toggle = h('button', {
      type: 'button',
      on: {
        click: async () => {
          const updated = await ctx.run('change who can read this file', () => call('PATCH', keyPath('/v1/info/', key), {
            query: { bucket }, json: { acl: isPublic ? 'private' : 'public' },
          }));
          if (updated) { info = updated; drawVisibility(); ctx.say(updated.acl === 'public' ? 'The file is public.' : 'The file is private.'); }
        },
      },
    }, isPublic ? 'Make private' : 'Make public');
    fill(visibility,
      h('h2', { id: 'vis-h' }, 'Who can read it'),
      h('p', { 'data-acl': info.acl }, isPublic ? 'Public: anyone with the link below can read it, without a key.' : 'Private: only holders of a key, or of a share link, can read it.'),
      toggle,
      isPublic && ctx.tenant ? copyBox('Public URL', publicUrl()) : null);
  }

  function drawShare() {
    const ttl = h('select', {}, TTLS.map(([v, label]) => h('option', { value: v, selected: v === '86400' }, label)));
    const { field: ttlField } = field('Link valid for', ttl);
    const out = h('div', { class: 'share-out' });
    const form = h('form', {
      class: 'inline',
      on: {
        submit: async (e) => {
          e.preventDefault();
          const link = await ctx.run('create a share link', () => call('POST', keyPath('/v1/sign/', key), {
            query: { bucket }, json: { ttl_seconds: Number(ttl.value) },
          }));
          if (!link) return;
          const box = copyBox('Share link', link.url);
          box.querySelector('.hint').textContent = await copy(link.url);
          fill(out, box, h('p', { class: 'hint' }, `Anyone with this link can download the file until ${date(link.expires_at)}.`));
        },
      },
    }, ttlField, h('button', { type: 'submit' }, 'Create share link'));
    fill(share, h('h2', { id: 'share-h' }, 'Share'), form, out);
  }

  async function drawPreview() {
    if (isCsv(info)) {
      fill(preview, h('h2', { id: 'preview-h' }, 'Preview'), h('p', { 'aria-busy': 'true' }, 'Reading the first rows…'));
      try {
        const p = await call('GET', keyPath('/v1/preview/', key), { query: { bucket, max_rows: 50 }, signal: ctx.signal });
        fill(preview, h('h2', { id: 'preview-h' }, 'Preview'), csvPreview(p));
      } catch (e) {
        fill(preview, h('h2', { id: 'preview-h' }, 'Preview'), h('p', {}, `No preview: ${e.message}`));
      }
    } else if ((info.content_type || '').startsWith('image/')) {
      const img = h('img', { class: 'large', alt: `Preview of ${key}` });
      fill(preview, h('h2', { id: 'preview-h' }, 'Preview'), img);
      try {
        img.src = await imageUrl(bucket, key, { width: 800, height: 800, fit: 'contain', format: 'webp' }, ctx.signal);
        ctx.signal.addEventListener('abort', () => URL.revokeObjectURL(img.src));
      } catch (e) {
        fill(preview, h('h2', { id: 'preview-h' }, 'Preview'), h('p', {}, `No preview: ${e.message}`));
      }
    }
  }
}

/** The detected columns, the frequency and the first rows, every cell as text. */
function csvPreview(p) {
  const cols = p.columns || [];
  const summary = h('dl', { class: 'facts' },
    h('dt', {}, 'Columns'), h('dd', {}, String(cols.length)),
    h('dt', {}, 'Delimiter'), h('dd', {}, p.delimiter === '\t' ? 'tab' : (p.delimiter || '—')),
    h('dt', {}, 'Frequency'), h('dd', { 'data-fact': 'frequency' }, p.frequency ? `${p.frequency}${p.frequency_confidence ? ` (confidence ${p.frequency_confidence})` : ''}` : 'not detected'),
    h('dt', {}, 'Time column'), h('dd', {}, p.timestamp_column || '—'));
  const columns = table('Detected columns', ['Column', 'Type', 'Format'], cols.map((c) => [c.name, c.type, c.format || '—']));
  const rows = table('First rows', cols.map((c) => c.name), (p.rows || []).map((r) => (Array.isArray(r) ? r : cols.map((c) => r[c.name])).map((v) => (v === null || v === undefined ? '' : String(v)))), { class: 'csv' });
  return h('div', {}, summary, h('h3', {}, 'Columns'), columns, h('h3', {}, 'First rows'), rows,
    p.truncated ? h('p', { class: 'hint' }, 'Only the first rows are shown.') : null);
}

/** Rows of name and value inputs, one more added on request, each removable; read() gives them as an object. */
function pairRows(caption, nameLabel, entries) {
  const body = h('tbody', {});
  const add = (name, value) => {
    const row = h('tr', {},
      h('td', {}, h('input', { type: 'text', 'aria-label': `${caption}: ${nameLabel.toLowerCase()}`, value: name, spellcheck: 'false', class: 'pair-name' })),
      h('td', {}, h('input', { type: 'text', 'aria-label': `${caption}: value`, value, spellcheck: 'false', class: 'pair-value' })),
      h('td', {}, h('button', { type: 'button', on: { click: () => row.remove() } }, 'Remove')));
    body.append(row);
    return row;
  };
  for (const [k, v] of Object.entries(entries || {})) add(k, v);
  const el = h('fieldset', {},
    h('legend', {}, caption),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, nameLabel), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
      body)),
    h('button', { type: 'button', on: { click: () => add('', '').querySelector('input').focus() } }, `Add ${caption === 'Tags' ? 'a tag' : 'an entry'}`));
  return {
    el,
    read: () => Object.fromEntries([...body.querySelectorAll('tr')]
      .map((r) => [r.querySelector('.pair-name').value.trim(), r.querySelector('.pair-value').value])
      .filter(([k]) => k !== '')),
  };
}
