// A small TUS 1.0.0 client (core + creation + termination) for the console's uploads.
//
// Resuming: the upload's URL is kept in localStorage under a fingerprint of the file (tenant,
// bucket, key, name, size, modification time). The URL is not a secret — every request to it
// needs the API key, which stays in sessionStorage — so it may outlive the tab. After a page
// reload the user picks the same file again and the upload continues from the offset the server
// reports; after a dropped connection the client asks for the offset and continues by itself.

import { authHeaders, ApiError, toError } from './api.js';

const STORE = 'silo.tus.';
const CHUNK = 8 * 1024 * 1024;
const RETRIES = [500, 1000, 2000, 4000, 8000, 15000, 30000];

function b64(text) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** Unfinished uploads remembered in this browser: [{fingerprint, name, size, bucket, key, offset}]. */
export function pendingUploads(tenant, bucket) {
  const out = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const k = localStorage.key(i);
    if (!k.startsWith(STORE)) continue;
    try {
      const v = JSON.parse(localStorage.getItem(k));
      if (v.tenant === tenant && v.bucket === bucket) out.push({ fingerprint: k, ...v });
    } catch {
      localStorage.removeItem(k);
    }
  }
  return out;
}

export function forget(fingerprint) {
  localStorage.removeItem(fingerprint);
}

export class TusUpload {
  /** file: a File; target: {tenant, bucket, key}; onProgress(sent, total); onRetry(attempt, error). */
  constructor(file, target, onProgress, onRetry) {
    this.file = file;
    this.target = target;
    this.onProgress = onProgress || (() => {});
    this.onRetry = onRetry || (() => {});
    this.fingerprint = `${STORE}${[target.tenant, target.bucket, target.key, file.name, file.size, file.lastModified].join('\u0000')}`;
    this.resumedFrom = 0;
    this.aborted = false;
    this.xhr = null;
  }

  /** Uploads the file; resolves when the server holds every byte. */
  async start() {
    let url = null;
    let offset = 0;
    const saved = this.saved();
    if (saved) {
      offset = await this.offsetOf(saved.url);
      if (offset !== null) {
        url = saved.url;
        this.resumedFrom = offset;
      } else {
        forget(this.fingerprint);
        offset = 0;
      }
    }
    if (!url) url = await this.create();
    this.onProgress(offset, this.file.size);
    let failures = 0;
    while (offset < this.file.size) {
      if (this.aborted) throw new ApiError(0, 'cancelled', 'The upload was cancelled.', null);
      try {
        offset = await this.patch(url, offset);
        failures = 0;
        this.remember(url, offset);
      } catch (e) {
        // A dropped connection, a server restart, or an offset the server has moved past (409: a
        // request cut off by a reload may still commit its chunk; 423: it is still running):
        // wait, ask where the server got to, go on.
        const retryable = e.status === 0 || e.status >= 500 || e.status === 409 || e.status === 423;
        if (this.aborted || !(e instanceof ApiError) || !retryable) throw e;
        if (failures >= RETRIES.length) throw e;
        this.onRetry(failures + 1, e);
        await new Promise((r) => setTimeout(r, RETRIES[failures]));
        failures += 1;
        const now = await this.offsetOf(url).catch(() => null);
        if (now !== null) offset = now;
      }
    }
    forget(this.fingerprint);
    this.onProgress(this.file.size, this.file.size);
  }

  /** Stops the upload and removes its bytes from the server. */
  async cancel() {
    this.aborted = true;
    if (this.xhr) this.xhr.abort();
    const saved = this.saved();
    forget(this.fingerprint);
    if (saved) {
      await fetch(saved.url, { method: 'DELETE', headers: { ...authHeaders(), 'Tus-Resumable': '1.0.0' } }).catch(() => {});
    }
  }

  saved() {
    try {
      return JSON.parse(localStorage.getItem(this.fingerprint));
    } catch {
      return null;
    }
  }

  remember(url, offset) {
    const t = this.target;
    localStorage.setItem(this.fingerprint, JSON.stringify({
      url, offset, tenant: t.tenant, bucket: t.bucket, key: t.key, name: this.file.name, size: this.file.size,
    }));
  }

  async create() {
    const t = this.target;
    const meta = [
      `bucket ${b64(t.bucket)}`, `key ${b64(t.key)}`, `filename ${b64(this.file.name)}`,
      `filetype ${b64(this.file.type || 'application/octet-stream')}`,
    ].join(',');
    let r;
    try {
      r = await fetch('/v1/tus/', {
        method: 'POST',
        headers: { ...authHeaders(), 'Tus-Resumable': '1.0.0', 'Upload-Length': String(this.file.size), 'Upload-Metadata': meta },
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'network_error', 'The server could not be reached: check the connection and try again.', null);
    }
    if (r.status !== 201) throw await toError(r);
    const url = new URL(r.headers.get('Location'), location.href).pathname;
    this.remember(url, 0);
    return url;
  }

  /** The server's offset, or null when the upload is gone (expired, finished or removed). */
  async offsetOf(url) {
    const r = await fetch(url, {
      method: 'HEAD', headers: { ...authHeaders(), 'Tus-Resumable': '1.0.0' }, cache: 'no-store', credentials: 'omit',
    });
    if (r.status === 404 || r.status === 410 || r.status === 403) return null;
    if (!r.ok) throw new ApiError(r.status, `http_${r.status}`, 'The server could not say how much it has.', r.headers.get('X-Request-Id'));
    return Number(r.headers.get('Upload-Offset'));
  }

  /** Sends one chunk with XMLHttpRequest, whose upload events give a smooth progress bar. */
  patch(url, offset) {
    const end = Math.min(offset + CHUNK, this.file.size);
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      this.xhr = xhr;
      xhr.open('PATCH', url);
      for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader('Tus-Resumable', '1.0.0');
      xhr.setRequestHeader('Upload-Offset', String(offset));
      xhr.setRequestHeader('Content-Type', 'application/offset+octet-stream');
      xhr.upload.onprogress = (e) => this.onProgress(offset + e.loaded, this.file.size);
      xhr.onload = () => {
        if (xhr.status === 204) {
          resolve(Number(xhr.getResponseHeader('Upload-Offset')));
          return;
        }
        let code = `http_${xhr.status}`;
        let message = 'The server refused the upload.';
        let requestId = xhr.getResponseHeader('X-Request-Id');
        try {
          const body = JSON.parse(xhr.responseText);
          ({ code, message } = body.error);
          requestId = body.error.request_id || requestId;
        } catch {
          // keep the plain words above
        }
        reject(new ApiError(xhr.status, code, message, requestId));
      };
      xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The connection dropped.', null));
      xhr.onabort = () => reject(new ApiError(0, 'cancelled', 'The upload was cancelled.', null));
      xhr.send(this.file.slice(offset, end));
    });
  }
}
