// The console's only way to the server: the public REST API, with the credential in the
// Authorization header. The credential lives in sessionStorage (gone when the tab closes or the
// user signs out), never in localStorage, a cookie or a URL.

const SESSION = 'silo.session';

export const session = {
  /** {kind: 'tenant' | 'operator', token, subject?} or null; subject: who signed in through an identity provider. */
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(SESSION));
    } catch {
      return null;
    }
  },
  set(kind, token, extra = {}) {
    sessionStorage.setItem(SESSION, JSON.stringify({ ...extra, kind, token }));
  },
  clear() {
    sessionStorage.removeItem(SESSION);
  },
};

/** An answer of the API that is not a success, in plain words. */
export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** The headers every API call carries. */
export function authHeaders() {
  const s = session.get();
  return s ? { Authorization: `Bearer ${s.token}` } : {};
}

/** "/v1/objects/" + a key, each segment percent-encoded (a key may hold any character). */
export function keyPath(base, key) {
  return base + key.split('/').map(encodeURIComponent).join('/');
}

function withQuery(path, query) {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Turns a failed response into an ApiError with the server's message and request id. */
export async function toError(r) {
  let code = `http_${r.status}`;
  let message = r.statusText || 'The request failed.';
  let requestId = r.headers.get('X-Request-Id');
  try {
    const body = await r.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
      requestId = body.error.request_id || requestId;
    }
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(r.status, code, message, requestId);
}

/**
 * Calls the API. Options: query (object), json (a body to send), signal (to abandon the call when
 * the user moves on), raw (return the Response instead of its JSON).
 */
export async function call(method, path, options = {}) {
  const headers = { ...authHeaders(), ...(options.headers || {}) };
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let r;
  try {
    r = await fetch(withQuery(path, options.query), {
      method, headers, body, signal: options.signal, cache: 'no-store', credentials: 'omit', redirect: 'error',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'The server could not be reached: check the connection and try again.', null);
  }
  if (!r.ok && !(options.accept || []).includes(r.status)) throw await toError(r);
  if (options.raw) return r;
  if (r.status === 204) return null;
  return r.json();
}

/** An authenticated download of an image (a thumbnail or preview) as an object URL for <img>. */
export async function imageUrl(bucket, key, transform, signal) {
  const r = await call('GET', keyPath('/v1/objects/', key), { query: { bucket, ...transform }, signal, raw: true });
  return URL.createObjectURL(await r.blob());
}
