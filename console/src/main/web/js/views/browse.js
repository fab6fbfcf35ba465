import { call, keyPath, imageUrl } from '../api.js';
import { h, fill, field, confirmDialog, uid } from '../dom.js';
import { bytes, date, baseName } from '../format.js';
import { TusUpload, pendingUploads, forget } from '../tus.js';
import { bucketSettings } from './settings.js';

const PAGE = 100;
const THUMBS_AT_ONCE = 4;

function objectHref(bucket, key) {
  return `#/object?b=${encodeURIComponent(bucket)}&k=${encodeURIComponent(key)}`;
}

function folderHref(bucket, prefix, startingWith) {
  return `#/bucket?b=${encodeURIComponent(bucket)}${prefix ? `&p=${encodeURIComponent(prefix)}` : ''}`
    + `${startingWith ? `&q=${encodeURIComponent(startingWith)}` : ''}`;
}

/** Breadcrumbs: Buckets / bucket / folder / sub-folder. */
function breadcrumbs(bucket, prefix) {
  const parts = prefix ? prefix.split('/').filter((p, i, all) => i < all.length - 1) : [];
  const crumbs = [h('li', {}, h('a', { href: '#/buckets' }, 'Buckets'))];
  crumbs.push(h('li', {}, parts.length ? h('a', { href: folderHref(bucket, '') }, bucket) : h('span', { 'aria-current': 'page' }, bucket)));
  let acc = '';
  parts.forEach((p, i) => {
    acc += `${p}/`;
    crumbs.push(h('li', {}, i === parts.length - 1 ? h('span', { 'aria-current': 'page' }, p) : h('a', { href: folderHref(bucket, acc) }, p)));
  });
  return h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('ol', {}, crumbs));
}

/** A bucket's folder: one page of prefixes and objects at a time, uploads, selection. */
export async function browse(main, params, ctx) {
  const bucket = params.get('b');
  const prefix = params.get('p') || '';
  // names in this folder starting with q: the listing's prefix, so a folder of millions is searched by the index
  const startingWith = params.get('q') || '';
  const cursors = [null];
  let selected = new Set();
  const thumbUrls = [];

  const listing = h('div', { class: 'listing', 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
  const pager = h('div', { class: 'pager' });
  const deleteSelected = h('button', { type: 'button', class: 'danger', disabled: true, on: { click: bulkDelete } }, 'Delete selected');
  const fileInput = h('input', { type: 'file', multiple: true, id: 'upload-input', hidden: true, 'aria-label': 'Files to upload' });
  const uploadLabel = h('button', { type: 'button', class: 'primary', on: { click: () => fileInput.click() } }, 'Upload files');
  const uploads = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  const resumable = h('div', { class: 'resumable' });
  const { field: folderField, input: folderName } = field('Folder name', h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' }));
  const folderForm = h('form', {
    class: 'inline',
    on: {
      submit: (e) => {
        e.preventDefault();
        const n = folderName.value.trim().replace(/^\/+|\/+$/g, '');
        if (n) location.hash = folderHref(bucket, `${prefix}${n}/`);
      },
    },
  }, folderField, h('button', { type: 'submit' }, 'Open folder'));
  const { field: findField, input: findInput } = field('Names starting with', h('input', {
    type: 'search', autocomplete: 'off', spellcheck: 'false', value: startingWith,
  }));
  const findForm = h('form', {
    class: 'inline', role: 'search', 'aria-label': 'Find in this folder',
    on: { submit: (e) => { e.preventDefault(); location.hash = folderHref(bucket, prefix, findInput.value.replace(/\//g, '')); } },
  }, findField, h('button', { type: 'submit' }, 'Find'),
  startingWith ? h('a', { href: folderHref(bucket, prefix) }, 'Show all') : null);
  const drop = h('section', { class: 'drop', 'aria-label': 'Upload' },
    h('p', {}, 'Drop files anywhere on this page, or '), uploadLabel,
    h('p', { class: 'hint' }, `They go into ${prefix ? `the folder ${prefix}` : 'the top of the bucket'}. Large uploads resume after a reload: choose the same file again.`),
    resumable, uploads);

  main.append(
    breadcrumbs(bucket, prefix),
    h('h1', { tabindex: '-1' }, prefix ? baseName(prefix.slice(0, -1), prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1)) : bucket),
    fileInput, drop,
    h('details', { class: 'folder-form' }, h('summary', {}, 'New folder'), h('p', { class: 'hint' }, 'Folders are parts of object keys: a folder shows in the list once a file is uploaded into it.'), folderForm),
    deletedFiles(),
    ...(prefix ? [] : [bucketSettings(bucket, ctx)]),
    h('div', { class: 'toolbar' }, findForm, deleteSelected),
    listing, pager);

  fileInput.addEventListener('change', () => { startUploads([...fileInput.files]); fileInput.value = ''; });
  const onDragOver = (e) => { e.preventDefault(); drop.classList.add('over'); };
  const onDragLeave = () => drop.classList.remove('over');
  const onDrop = (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const files = [...(e.dataTransfer ? e.dataTransfer.files : [])];
    if (files.length) startUploads(files);
  };
  main.addEventListener('dragover', onDragOver);
  main.addEventListener('dragleave', onDragLeave);
  main.addEventListener('drop', onDrop);
  ctx.signal.addEventListener('abort', () => {
    main.removeEventListener('dragover', onDragOver);
    main.removeEventListener('dragleave', onDragLeave);
    main.removeEventListener('drop', onDrop);
    thumbUrls.forEach((u) => URL.revokeObjectURL(u));
  });

  showResumable();

  function showResumable() {
    const pending = ctx.tenant ? pendingUploads(ctx.tenant.slug, bucket) : [];
    if (!pending.length) { fill(resumable); return; }
    fill(resumable, h('div', { class: 'note' },
      h('p', {}, 'Unfinished uploads in this browser: choose the same file again to continue where it stopped.'),
      h('ul', {}, pending.map((p) => h('li', {},
        `${p.key} — ${bytes(p.offset)} of ${bytes(p.size)} sent `,
        h('button', { type: 'button', 'aria-label': `Forget the upload of ${p.key}`, on: { click: () => { forget(p.fingerprint); showResumable(); } } }, 'Forget'))))));
  }

  function startUploads(files) {
    const queue = files.map((file) => uploadItem(file));
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const item = queue[next];
        next += 1;
        await item.run();
      }
    };
    Promise.all([worker(), worker()]).then(() => { showResumable(); load(cursors[cursors.length - 1]); });
  }

  function uploadItem(file) {
    const key = prefix + file.name;
    const progressId = uid('progress');
    const bar = h('progress', { max: '100', value: '0', id: progressId });
    const text = h('span', { class: 'pct' }, 'waiting');
    const state = h('span', { class: 'state' });
    const cancel = h('button', { type: 'button', 'aria-label': `Cancel the upload of ${file.name}` }, 'Cancel');
    const li = h('li', { class: 'upload', 'data-key': key },
      h('label', { for: progressId }, file.name), bar, text, state, cancel);
    uploads.append(li);
    const upload = new TusUpload(file, { tenant: ctx.tenant ? ctx.tenant.slug : '', bucket, key }, (sent, total) => {
      const pct = total ? Math.floor((sent * 100) / total) : 100;
      bar.value = pct;
      text.textContent = `${pct} % (${bytes(sent)} of ${bytes(total)})`;
      if (li.dataset.retries) state.textContent = 'uploading';
    }, (attempt) => {
      li.dataset.retries = String(attempt);
      state.textContent = `The connection dropped: trying again (attempt ${attempt})…`;
    });
    cancel.addEventListener('click', () => upload.cancel());
    return {
      run: async () => {
        state.textContent = 'uploading';
        try {
          await upload.start();
          if (upload.resumedFrom > 0) li.dataset.resumedFrom = String(upload.resumedFrom);
          state.textContent = upload.resumedFrom > 0 ? `done (resumed at ${bytes(upload.resumedFrom)})` : 'done';
          li.classList.add('done');
          cancel.remove();
          ctx.say(`${file.name} uploaded.`);
        } catch (e) {
          state.textContent = `failed: ${e.message}`;
          li.classList.add('failed');
          if (e.code !== 'cancelled') ctx.showError(e, `upload ${file.name}`);
        }
      },
    };
  }

  function updateSelection() {
    deleteSelected.disabled = selected.size === 0;
    deleteSelected.textContent = selected.size ? `Delete selected (${selected.size})` : 'Delete selected';
  }

  async function bulkDelete() {
    const keysToDelete = [...selected];
    if (!(await confirmDialog('Delete files', `Delete ${keysToDelete.length} file${keysToDelete.length === 1 ? '' : 's'}? This cannot be undone.`, 'Delete'))) return;
    let done = 0;
    for (const key of keysToDelete) {
      const ok = await ctx.run(`delete ${key}`, () => call('DELETE', keyPath('/v1/objects/', key), { query: { bucket } }));
      if (ok === undefined) break;
      done += 1;
      deleteSelected.textContent = `Deleting… ${done} of ${keysToDelete.length}`;
    }
    ctx.say(`${done} deleted.`);
    load(cursors[cursors.length - 1]);
  }

  async function load(cursor) {
    listing.setAttribute('aria-busy', 'true');
    selected = new Set();
    updateSelection();
    let page;
    try {
      page = await call('GET', '/v1/objects', {
        query: { bucket, prefix: prefix + startingWith, delimiter: '/', limit: PAGE, cursor }, signal: ctx.signal,
      });
    } catch (e) {
      if (e.name !== 'AbortError') { fill(listing); ctx.showError(e, 'list this folder'); }
      return;
    } finally {
      listing.setAttribute('aria-busy', 'false');
    }
    drawPage(page);
    drawPager(page);
  }

  /**
   * The files of this folder whose newest version is a delete marker (a bucket with versioning
   * keeps what is deleted), each a link to its page, where a version brings it back. Read when
   * opened.
   */
  function deletedFiles() {
    const out = h('div', {});
    const section = h('details', { class: 'folder-form' }, h('summary', {}, 'Deleted files'), out);
    section.addEventListener('toggle', async () => {
      if (!section.open) return;
      fill(out, h('p', { 'aria-busy': 'true' }, 'Reading the versions…'));
      try {
        const listing = await call('GET', '/v1/versions', {
          query: { bucket, prefix: prefix + startingWith, delimiter: '/', limit: PAGE }, signal: ctx.signal,
        });
        const gone = (listing.items || []).filter((v) => v.is_latest && v.delete_marker);
        fill(out, gone.length
          ? h('ul', { class: 'deleted' }, gone.map((v) => h('li', {},
            h('a', { href: objectHref(bucket, v.key) }, baseName(v.key, prefix)), ` deleted ${date(v.updated_at)}`)))
          : h('p', { class: 'hint' }, 'No deleted files here. Deleted files are kept only in a bucket with versioning on.'));
      } catch (e) {
        fill(out);
        if (e.name !== 'AbortError') ctx.showError(e, 'read the deleted files');
      }
    });
    return section;
  }

  function drawPage(page) {
    if (!page.items.length && !page.prefixes.length && startingWith) {
      fill(listing, h('div', { class: 'empty' }, h('p', {}, `No file or folder here has a name starting with ${startingWith}.`)));
      return;
    }
    if (!page.items.length && !page.prefixes.length) {
      fill(listing, h('div', { class: 'empty' },
        h('p', {}, prefix ? 'This folder is empty.' : 'This bucket is empty.'),
        h('p', {}, 'Drag files onto this page or choose Upload files to add the first ones. Uploads can be several files at once; each shows its progress.')));
      return;
    }
    const all = h('input', { type: 'checkbox', 'aria-label': 'Select all files on this page' });
    const boxes = [];
    all.addEventListener('change', () => {
      boxes.forEach(([box, key]) => { box.checked = all.checked; if (all.checked) selected.add(key); else selected.delete(key); });
      updateSelection();
    });
    const rows = [];
    for (const p of page.prefixes) {
      const name = baseName(p, prefix);
      rows.push(h('tr', { class: 'folder' },
        h('td', {}), h('td', {}, h('span', { class: 'icon', 'aria-hidden': 'true' }, '▸ '), h('a', { href: folderHref(bucket, p) }, name)),
        h('td', { class: 'num' }, '—'), h('td', { class: 'wide' }, 'folder'), h('td', { class: 'wide' }, '—')));
    }
    const thumbs = [];
    for (const o of page.items) {
      const name = baseName(o.key, prefix);
      const box = h('input', { type: 'checkbox', 'aria-label': `Select ${name}` });
      box.addEventListener('change', () => { if (box.checked) selected.add(o.key); else selected.delete(o.key); updateSelection(); });
      boxes.push([box, o.key]);
      const thumb = (o.content_type || '').startsWith('image/') ? h('img', { class: 'thumb', alt: '', width: '40', height: '40' }) : null;
      if (thumb) thumbs.push([thumb, o.key]);
      rows.push(h('tr', { 'data-key': o.key },
        h('td', {}, box),
        h('td', {}, thumb, h('a', { href: objectHref(bucket, o.key) }, name)),
        h('td', { class: 'num' }, bytes(o.size)), h('td', { class: 'wide' }, o.content_type || '—'), h('td', { class: 'wide' }, date(o.updated_at))));
    }
    fill(listing, h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'visually-hidden' }, `Files in ${prefix || bucket}`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, all), h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Size'),
        h('th', { scope: 'col', class: 'wide' }, 'Type'), h('th', { scope: 'col', class: 'wide' }, 'Modified'))),
      h('tbody', {}, rows))));
    loadThumbs(thumbs);
  }

  /** Thumbnails through the transform endpoint, a few at a time, after the list is on screen. */
  async function loadThumbs(thumbs) {
    let next = 0;
    const worker = async () => {
      while (next < thumbs.length && !ctx.signal.aborted) {
        const [img, key] = thumbs[next];
        next += 1;
        try {
          const url = await imageUrl(bucket, key, { width: 80, height: 80, fit: 'cover', format: 'webp' }, ctx.signal);
          thumbUrls.push(url);
          img.src = url;
        } catch {
          img.remove();
        }
      }
    };
    await Promise.all(Array.from({ length: THUMBS_AT_ONCE }, worker));
  }

  function drawPager(page) {
    const n = cursors.length;
    const prev = h('button', {
      type: 'button', disabled: n === 1,
      on: { click: () => { cursors.pop(); load(cursors[cursors.length - 1]); } },
    }, 'Previous page');
    const next = h('button', {
      type: 'button', disabled: !page.next_cursor,
      on: { click: () => { cursors.push(page.next_cursor); load(page.next_cursor); } },
    }, 'Next page');
    fill(pager, prev, h('span', {}, `Page ${n}`), next);
  }

  load(null);
}
