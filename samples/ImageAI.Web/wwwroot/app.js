// The ImageAI page: checks the file locally, uploads it with progress, follows the job with server-sent events,
// shows before/after and downloads the result. Plain JavaScript, no build step, no external resources.
'use strict';

const $ = (id) => document.getElementById(id);
const els = {
  form: $('job-form'), drop: $('drop-zone'), file: $('file-input'), fileInfo: $('file-info'),
  operation: $('operation'), options: $('options'), apiKey: $('api-key'), settings: $('server-settings'), submit: $('submit'),
  upload: $('upload-progress'), job: $('job-progress'), status: $('status'), error: $('error'),
  before: $('before'), after: $('after'), afterClip: $('after-clip'), compareEmpty: $('compare-empty'), split: $('split'),
  format: $('format'), quality: $('quality'), qualityValue: $('quality-value'), download: $('download'),
};

const state = { limits: null, operations: [], file: null, previewUrl: null, jobId: null, events: null, xhr: null, busy: false };

function setStatus(text) { els.status.textContent = text; }

function showError(title, detail) {
  els.error.replaceChildren();
  const strong = document.createElement('strong');
  strong.textContent = title;
  els.error.append(strong);
  if (detail) els.error.append(document.createTextNode(detail));
  els.error.hidden = false;
}

function clearError() { els.error.hidden = true; els.error.replaceChildren(); }

function setProgress(bar, fraction) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  bar.value = pct;
  bar.textContent = pct + '%';
}

function authHeaders() { return els.apiKey.value ? { 'X-Api-Key': els.apiKey.value } : {}; }
function withKey(url) { return els.apiKey.value ? url + (url.includes('?') ? '&' : '?') + 'apiKey=' + encodeURIComponent(els.apiKey.value) : url; }

// A problem+json answer becomes "title" + "detail"; anything else gets a generic text.
async function readProblem(response) {
  try {
    const p = await response.json();
    return { title: p.title || ('Error ' + response.status), detail: p.detail || '' };
  } catch {
    return { title: 'Error ' + response.status, detail: response.statusText || '' };
  }
}

function formatBytes(n) {
  if (n >= 1048576) return (n / 1048576).toFixed(1) + ' MB';
  if (n >= 1024) return Math.round(n / 1024) + ' KB';
  return n + ' bytes';
}

async function loadServerInfo() {
  try {
    const [limits, operations] = await Promise.all([
      fetch('/api/limits', { headers: authHeaders() }), fetch('/api/operations', { headers: authHeaders() })]);
    if (!limits.ok || !operations.ok) {
      const p = await readProblem(limits.ok ? operations : limits);
      if ((limits.ok ? operations : limits).status === 401) { els.settings.open = true; }
      showError(p.title, p.detail);
      return;
    }
    state.limits = await limits.json();
    state.operations = await operations.json();
    $('file-hint').textContent = `PNG, JPEG, WebP, GIF or BMP, up to ${formatBytes(state.limits.maxUploadBytes)} and ${(state.limits.maxPixels / 1e6).toFixed(0)} megapixels`;
    if (state.limits.apiKeyRequired) els.settings.open = true;
    els.operation.replaceChildren(...state.operations.map((op) => new Option(op.title, op.name)));
    // The server lists operations alphabetically; background removal is the main job, so it starts selected.
    if (state.operations.some((op) => op.name === 'remove-background')) els.operation.value = 'remove-background';
    renderOptions();
  } catch (e) {
    showError('The server cannot be reached', String(e.message || e));
  }
}

// Each operation describes its options; render one labelled control per option.
function renderOptions() {
  const op = state.operations.find((o) => o.name === els.operation.value);
  const legend = document.createElement('legend');
  legend.textContent = 'Options';
  els.options.replaceChildren(legend);
  if (!op) return;
  for (const opt of op.options) {
    const field = document.createElement('div');
    field.className = 'field';
    const id = 'opt-' + opt.name;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = opt.label;
    let input;
    if (opt.kind === 'choice') {
      input = document.createElement('select');
      for (const c of opt.choices || []) input.append(new Option(c, c, false, c === opt.default));
    } else {
      input = document.createElement('input');
      input.type = opt.kind === 'color' ? 'color' : opt.kind === 'number' ? 'number' : 'text';
      if (opt.default != null) input.value = opt.default;
    }
    input.id = id;
    input.dataset.option = opt.name;
    input.dataset.default = opt.default ?? '';
    field.append(label, input);
    if (opt.help) {
      const help = document.createElement('span');
      help.className = 'hint';
      help.id = id + '-help';
      help.textContent = opt.help;
      input.setAttribute('aria-describedby', help.id);
      field.append(help);
    }
    els.options.append(field);
  }
}

function collectOptions() {
  const options = {};
  for (const input of els.options.querySelectorAll('[data-option]')) {
    if (input.value === '' || input.value === input.dataset.default) continue; // defaults stay implicit (better cache hits)
    options[input.dataset.option] = input.type === 'number' ? Number(input.value) : input.value;
  }
  return options;
}

// Type, size and dimensions are checked here so a bad file never leaves the browser.
async function acceptFile(file) {
  clearError();
  resetResult();
  state.file = null;
  els.submit.disabled = true;
  if (!file) return;
  const limits = state.limits;
  if (limits && !limits.acceptedTypes.includes(file.type)) {
    showError('Not a supported image', `"${file.name}" is ${file.type || 'of an unknown type'}; choose a PNG, JPEG, WebP, GIF or BMP image.`);
    return;
  }
  if (limits && file.size > limits.maxUploadBytes) {
    showError('File too large', `"${file.name}" is ${formatBytes(file.size)}; the limit is ${formatBytes(limits.maxUploadBytes)}.`);
    return;
  }
  if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
  state.previewUrl = URL.createObjectURL(file);
  let width, height;
  try {
    const img = new Image();
    img.src = state.previewUrl;
    await img.decode();
    width = img.naturalWidth; height = img.naturalHeight;
  } catch {
    showError('Not a readable image', `"${file.name}" could not be decoded by the browser.`);
    return;
  }
  if (limits && width * height > limits.maxPixels) {
    showError('Image too large', `"${file.name}" is ${width}×${height} pixels; the limit is ${(limits.maxPixels / 1e6).toFixed(0)} megapixels.`);
    return;
  }
  state.file = file;
  els.fileInfo.textContent = `${file.name}: ${width}×${height}, ${formatBytes(file.size)}`;
  els.before.src = state.previewUrl;
  els.before.hidden = false;
  els.compareEmpty.hidden = true;
  els.submit.disabled = false;
  setStatus('Ready: choose the operation and press Run.');
}

function resetResult() {
  // A new file or a new run abandons the previous upload and stream.
  if (state.xhr) { state.xhr.abort(); state.xhr = null; }
  if (state.events) { state.events.close(); state.events = null; }
  state.busy = false;
  state.jobId = null;
  els.after.hidden = true;
  els.afterClip.classList.remove('ready');
  els.after.removeAttribute('src');
  els.split.disabled = true;
  els.quality.disabled = true;
  setDownloadEnabled(false);
  setProgress(els.upload, 0);
  setProgress(els.job, 0);
}

function setDownloadEnabled(on) {
  els.download.setAttribute('aria-disabled', String(!on));
  els.download.tabIndex = on ? 0 : -1;
  if (!on) els.download.removeAttribute('href'); else updateDownloadLink();
}

function updateDownloadLink() {
  const lossy = els.format.value !== 'png';
  els.quality.disabled = !lossy || !state.jobId;
  els.qualityValue.textContent = els.quality.value;
  if (!state.jobId) return;
  const q = lossy ? `&quality=${els.quality.value}` : '';
  els.download.href = withKey(`/api/jobs/${state.jobId}/result?format=${els.format.value}${q}`);
  const ext = els.format.value === 'jpeg' ? 'jpg' : els.format.value;
  const stem = (state.file ? state.file.name.replace(/\.[^.]+$/, '') : 'image').replace(/[^A-Za-z0-9_-]/g, '') || 'image';
  els.download.download = `${stem}-${els.operation.value}.${ext}`;
}

function submitJob(event) {
  event.preventDefault();
  if (!state.file || state.busy) return;
  clearError();
  resetResult();
  state.busy = true;
  els.submit.disabled = true;
  const data = new FormData();
  data.append('image', state.file, state.file.name);
  data.append('operation', els.operation.value);
  data.append('options', JSON.stringify(collectOptions()));

  // XMLHttpRequest, not fetch: only it reports upload progress.
  const xhr = new XMLHttpRequest();
  state.xhr = xhr;
  xhr.open('POST', '/api/jobs');
  for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
  xhr.responseType = 'json';
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) setProgress(els.upload, e.loaded / e.total); };
  xhr.upload.onload = () => { setProgress(els.upload, 1); setStatus('Uploaded; waiting for the server…'); };
  xhr.onerror = () => finish(false, 'Upload failed', 'The connection to the server was lost.');
  xhr.onload = () => {
    state.xhr = null;
    const body = xhr.response || {};
    if (xhr.status !== 202) {
      if (xhr.status === 401) els.settings.open = true;
      finish(false, body.title || ('Error ' + xhr.status), body.detail || '');
      return;
    }
    setProgress(els.upload, 1);
    state.jobId = body.id;
    setStatus(body.cached ? 'Same request as before: served from the cache.' : 'Queued…');
    follow(body.id);
  };
  setStatus('Uploading…');
  xhr.send(data);
}

// Server-sent events push each status change; the stream ends with a "done" event.
function follow(id) {
  const source = new EventSource(withKey(`/api/jobs/${id}/events`));
  state.events = source;
  let lastAnnounced = -1;
  const onStatus = (e) => {
    const s = JSON.parse(e.data);
    setProgress(els.job, s.progress);
    const pct = Math.round(s.progress * 100);
    if (s.status === 'queued') setStatus('Queued: waiting for a worker…');
    else if (s.status === 'running' && pct !== lastAnnounced) { lastAnnounced = pct; setStatus(`Processing: ${pct}%${s.stage ? ' (' + s.stage + ')' : ''}`); }
    if (s.status === 'succeeded') { source.close(); showResult(s); }
    if (s.status === 'failed') { source.close(); finish(false, 'The edit failed', s.error || ''); }
  };
  source.addEventListener('progress', onStatus);
  source.addEventListener('done', onStatus);
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) finish(false, 'Progress stream closed', 'Reload the page and try again.');
    // Otherwise the browser reconnects by itself.
  };
}

function showResult(s) {
  setProgress(els.job, 1);
  els.after.onload = () => {
    els.after.hidden = false;
    els.afterClip.classList.add('ready');
    els.split.disabled = false;
    applySplit();
    setDownloadEnabled(true);
    finish(true);
    setStatus(`Done: ${s.width}×${s.height}. Drag the comparison slider, then download.`);
    els.download.focus();
  };
  els.after.onerror = () => finish(false, 'The result could not be shown', 'Try downloading it.');
  els.after.src = withKey(`/api/jobs/${s.id}/result?format=png`);
}

function finish(ok, title, detail) {
  state.busy = false;
  els.submit.disabled = !state.file;
  if (!ok) { showError(title, detail); setStatus('Stopped: see the error below.'); }
}

function applySplit() {
  els.afterClip.style.clipPath = `inset(0 0 0 ${100 - Number(els.split.value)}%)`;
}

// Drag and drop onto the zone; the file input inside it covers clicks and the keyboard.
els.drop.addEventListener('dragover', (e) => { e.preventDefault(); els.drop.classList.add('dragging'); });
els.drop.addEventListener('dragleave', () => els.drop.classList.remove('dragging'));
els.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  els.drop.classList.remove('dragging');
  const file = e.dataTransfer.files[0];
  if (file) acceptFile(file);
});
els.file.addEventListener('change', () => acceptFile(els.file.files[0]));
els.operation.addEventListener('change', renderOptions);
els.form.addEventListener('submit', submitJob);
els.split.addEventListener('input', applySplit);
els.format.addEventListener('change', updateDownloadLink);
els.quality.addEventListener('input', updateDownloadLink);
els.download.addEventListener('click', (e) => { if (els.download.getAttribute('aria-disabled') === 'true') e.preventDefault(); });
els.download.addEventListener('keydown', (e) => { if (e.key === ' ') { e.preventDefault(); els.download.click(); } });
els.apiKey.addEventListener('change', () => { if (!state.operations.length) { clearError(); loadServerInfo(); } });
loadServerInfo();
