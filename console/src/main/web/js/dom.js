// Building the page without ever parsing data as HTML: every string becomes a text node or an
// attribute value. Object keys, metadata, file names and CSV cells are attacker-controlled.

/** Properties set as properties (their attributes mean something else or nothing). */
const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'indeterminate', 'multiple', 'required', 'readOnly']);

/**
 * h('button', {type: 'button', on: {click: fn}}, 'Text', child…): an element. Strings and numbers
 * become text nodes; null, undefined and false are skipped; arrays are flattened.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') {
      for (const [event, fn] of Object.entries(v)) el.addEventListener(event, fn);
    } else if (k === 'class') {
      el.className = v;
    } else if (PROPS.has(k)) {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.append(c);
    else el.append(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A fresh id for label/for pairs. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: returns {field, input}. */
export function field(label, input, hint) {
  if (!input.id) input.id = uid('f');
  const hintEl = hint ? h('span', { class: 'hint', id: `${input.id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return { field: h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hintEl), input };
}

/** A table from headings and rows of cells (strings or nodes). */
export function table(caption, headings, rows, attrs) {
  return h('div', { class: 'table-wrap' },
    h('table', attrs || {},
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, headings.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows.map((r) => (r instanceof Node ? r : h('tr', {}, r.map((c) => h('td', {}, c))))))));
}

/** Asks a yes/no question in a modal dialog; resolves true when confirmed. */
export function confirmDialog(title, message, confirmLabel, typeToConfirm) {
  return new Promise((resolve) => {
    const input = typeToConfirm ? h('input', { type: 'text', autocomplete: 'off', id: uid('confirm') }) : null;
    const ok = h('button', { type: 'submit', class: 'danger', disabled: Boolean(typeToConfirm) }, confirmLabel);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const titleId = uid('dlg');
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('form', { method: 'dialog' },
        h('h2', { id: titleId }, title),
        h('p', {}, message),
        input ? h('div', { class: 'field' }, h('label', { for: input.id }, `Type ${typeToConfirm} to confirm`), input) : null,
        h('div', { class: 'actions' }, cancel, ok)));
    if (input) input.addEventListener('input', () => { ok.disabled = input.value !== typeToConfirm; });
    let answer = false;
    ok.addEventListener('click', () => { answer = true; });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    (input || cancel).focus();
  });
}

/** Asks for one line of text in a modal dialog; resolves the text, or null when cancelled. */
export function promptDialog(title, label, initial, confirmLabel, hint) {
  return new Promise((resolve) => {
    const { field: f, input } = field(label, h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', value: initial, required: true }), hint);
    const ok = h('button', { type: 'submit', class: 'primary' }, confirmLabel);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const titleId = uid('dlg');
    let answer = null;
    const form = h('form', { method: 'dialog' }, h('h2', { id: titleId }, title), f, h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { 'aria-labelledby': titleId }, form);
    form.addEventListener('submit', () => { answer = input.value; });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
    input.select();
  });
}

/** Copies text; returns a sentence saying whether it worked. */
export async function copy(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return 'Copied to the clipboard.';
  } catch {
    if (input) { input.focus(); input.select(); }
    return 'The browser did not allow copying: the text is selected, press Ctrl+C (or ⌘C).';
  }
}

/** A read-only text box with a Copy button: for secrets shown once and links. */
export function copyBox(label, text, multiline) {
  const input = multiline
    ? h('textarea', { readOnly: true, rows: String(text.split('\n').length), spellcheck: 'false' })
    : h('input', { type: 'text', readOnly: true, spellcheck: 'false' });
  input.value = text;
  const note = h('span', { class: 'hint', 'aria-live': 'polite' });
  const { field: f } = field(label, input);
  const button = h('button', { type: 'button', on: { click: async () => { note.textContent = await copy(text, input); } } }, 'Copy');
  return h('div', { class: 'copy-box' }, f, h('div', { class: 'actions' }, button, note));
}
