// Numbers and dates for people.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  let v = Number(n);
  let i = 0;
  while (v >= 1000 && i < UNITS.length - 1) { v /= 1000; i += 1; }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${UNITS[i]}`;
}

/** "10 GB", "500MB", "1024" → bytes; blank → null. Throws on anything else. */
export function parseSize(text) {
  const t = String(text || '').trim();
  if (!t) return null;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?i?b?)?$/i.exec(t);
  if (!m) throw new Error(`"${t}" is not a size: write e.g. 500 MB or 10 GB`);
  const unit = (m[2] || 'b').toLowerCase();
  const power = { b: 0, k: 1, m: 2, g: 3, t: 4, p: 5 }[unit[0]];
  const base = unit.includes('i') ? 1024 : 1000;
  return Math.round(Number(m[1]) * base ** power);
}

export function count(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en');
}

export function date(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** The last segment of a key, for display inside its folder. */
export function baseName(key, prefix) {
  return prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key;
}
