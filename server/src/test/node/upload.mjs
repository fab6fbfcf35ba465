// Uploads a file to Silo with tus-js-client, cuts the connection mid-body once, and resumes.
// Usage: node upload.mjs --endpoint URL --key API_KEY --file PATH --chunk-size N
//                        [--abort-after BYTES] [--object-key KEY] [--resume-origin URL] [--storage FILE]
//                        [--parallel N]   (N partial uploads joined by a final one: TUS concatenation)
// Prints one JSON line per event; exits non-zero on failure.
import * as tus from 'tus-js-client';
import fs from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const say = (o) => console.log(JSON.stringify(o));
const chunkSize = Number(args['chunk-size'] ?? 8 * 1024 * 1024);
const abortAfter = args['abort-after'] ? Number(args['abort-after']) : null;
const size = fs.statSync(args.file).size;
const urlStorage = new tus.FileUrlStorage(args.storage ?? `${args.file}.tus.json`);

function options(extra) {
  return {
    endpoint: args.endpoint,
    chunkSize,
    parallelUploads: Number(args.parallel ?? 1),
    retryDelays: [0, 500, 1000, 2000],
    headers: args.key ? { Authorization: `Bearer ${args.key}` } : {},
    metadata: { filename: 'big.bin', filetype: 'application/octet-stream', ...(args['object-key'] ? { key: args['object-key'] } : {}) },
    urlStorage,
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    ...extra,
  };
}

function run(upload) {
  return new Promise((resolve, reject) => {
    upload.options.onSuccess = () => resolve('done');
    upload.options.onError = reject;
    upload.start();
  });
}

// first attempt: abort (destroying the in-flight PATCH's connection) once past abortAfter bytes
let aborted = false;
const first = new tus.Upload(fs.createReadStream(args.file), options({}));
const firstResult = new Promise((resolve, reject) => {
  first.options.onProgress = (sent) => {
    if (abortAfter !== null && !aborted && sent >= abortAfter) {
      aborted = true;
      first.abort(false).then(() => resolve('aborted'), reject);
    }
  };
  first.options.onSuccess = () => resolve('done');
  first.options.onError = reject;
  first.start();
});

try {
  const r1 = await firstResult;
  say({ event: r1, url: first.url });
  if (r1 === 'done') process.exit(0);

  // second attempt: a new Upload, as after a page reload, found through its fingerprint
  const second = new tus.Upload(fs.createReadStream(args.file), options({}));
  const previous = await second.findPreviousUploads();
  if (previous.length === 0) throw new Error('no previous upload found to resume');
  const headers = { 'Tus-Resumable': '1.0.0', ...(args.key ? { Authorization: `Bearer ${args.key}` } : {}) };
  if (previous[0].parallelUploadUrls) {
    // parallel: each partial upload resumes from its own offset; report what they hold in all
    const onOrigin = (u) => (args['resume-origin'] ? new URL(u.pathname + u.search, args['resume-origin']) : u);
    const urls = previous[0].parallelUploadUrls.map((u) => (u ? onOrigin(new URL(u, args.endpoint)).toString() : u));
    let offset = 0;
    for (const url of urls.filter((u) => u)) {
      const head = await fetch(url, { method: 'HEAD', headers });
      offset += Number(head.headers.get('upload-offset'));
    }
    // on another node: the partial uploads and the final one go to its origin
    second.options.endpoint = onOrigin(new URL(args.endpoint)).toString();
    second.resumeFromPreviousUpload({ ...previous[0], parallelUploadUrls: urls });
    say({ event: 'resuming', offset, size, partials: urls.length, at: new URL(second.options.endpoint).origin });
    await run(second);
    say({ event: 'done', url: second.url });
    process.exit(0);
  }
  let resumeUrl = new URL(previous[0].uploadUrl, args.endpoint);
  if (args['resume-origin']) {
    // the second half goes to another Silo node: the same upload URL on B's origin
    resumeUrl = new URL(resumeUrl.pathname + resumeUrl.search, args['resume-origin']);
    second.options.uploadUrl = resumeUrl.toString();
  } else {
    second.resumeFromPreviousUpload(previous[0]);
  }
  const head = await fetch(resumeUrl, { method: 'HEAD', headers });
  say({ event: 'resuming', offset: Number(head.headers.get('upload-offset')), size, at: resumeUrl.origin });
  await run(second);
  say({ event: 'done', url: second.url });
  process.exit(0);
} catch (e) {
  say({ event: 'error', message: String(e && e.message ? e.message : e) });
  process.exit(1);
}
