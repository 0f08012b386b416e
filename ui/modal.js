// Dialogs (native <dialog>: Esc closes, focus stays inside), confirmations, error reports, a toast
// line for quiet confirmations, and the progress dialog of long tasks.

import * as api from './api.js';
import { h, append, replace } from './dom.js';
import { t, tn, formatNumber, msgOf } from './i18n.js';

// Opens a modal dialog; returns {dialog, body, close}. onClose runs once, however it closes.
export function openDialog({ title, body = [], actions = [], wide = false, onClose, labelledBy }) {
  const heading = h('h2', { class: 'dialog-title', id: labelledBy || `dlg-${Date.now()}` }, title);
  const content = h('div', { class: 'dialog-body' }, body);
  const footer = h('div', { class: 'dialog-actions' }, actions);
  const dialog = h('dialog', { class: wide ? 'dialog wide' : 'dialog', 'aria-labelledby': heading.id }, heading, content, footer);
  let closed = false;
  const close = (value) => {
    if (closed) return;
    closed = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    if (onClose) onClose(value);
  };
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close(undefined);
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, body: content, footer, close };
}

// Asks a yes/no question; resolves true when confirmed.
export function confirmDialog({ title, body, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'button', onclick: () => d.close(false) }, t('common.cancel'));
    const ok = h('button', { type: 'button', class: danger ? 'button danger' : 'button primary', onclick: () => d.close(true) }, confirmLabel);
    const d = openDialog({ title, body, actions: [cancel, ok], onClose: (v) => resolve(v === true) });
    cancel.focus();
  });
}

// The list of an error's details (field errors or import problems), as text.
export function detailList(details) {
  if (!details || details.length === 0) return null;
  return h('ul', { class: 'detail-list' }, details.map((d) => {
    const where = d.file !== undefined
      ? [d.file, d.line ? `:${d.line}` : '', d.column ? ` · ${d.column}` : ''].join('')
      : d.field;
    return h('li', {}, where ? h('span', { class: 'detail-where' }, where) : null, msgOf(d));
  }));
}

// Reports an error in a dialog: a heading for its kind, the core's message, and its details.
export function showError(error) {
  const kind = (error && error.kind) || 'internal';
  const key = `error.${kind}`;
  const heading = t(key) === key ? t('error.title') : t(key);
  const ok = h('button', { type: 'button', class: 'button primary', onclick: () => d.close() }, t('common.close'));
  const d = openDialog({
    title: heading,
    body: [h('p', { class: 'error-message' }, (error && msgOf(error)) || String(error)), detailList(error && error.details)],
    actions: [ok],
  });
  d.dialog.classList.add('error-dialog');
  ok.focus();
}

let toastTimer = null;
// A short confirmation at the bottom of the window, read out by screen readers.
export function toast(message) {
  const region = document.getElementById('toast');
  if (!region) return;
  replace(region, h('div', { class: 'toast' }, message));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => replace(region), 4000);
}

// Runs a long task (import, preview, export). If it still runs after a second, shows its progress
// and a Cancel button; the window stays responsive because the work runs off the main thread.
export async function withProgress(start, unit = 'rows') {
  let dialogHandle = null;
  let poll = null;
  let runningSince = null;
  const text = h('p', { class: 'progress-text', 'aria-live': 'polite' }, t('progress.title'));
  const bar = h('div', { class: 'progress-bar', role: 'progressbar', 'aria-label': t('progress.title') }, h('div', { class: 'progress-fill' }));
  const show = () => {
    const cancel = h('button', {
      type: 'button',
      class: 'button',
      onclick: () => {
        cancel.disabled = true;
        replace(text, t('progress.cancelling'));
        api.cancelTask().catch(() => {});
      },
    }, t('progress.cancel'));
    dialogHandle = openDialog({ title: t('progress.title'), body: [bar, text], actions: [cancel] });
    dialogHandle.dialog.classList.add('progress-dialog');
    // Esc cancels the task rather than hiding its progress.
    dialogHandle.dialog.addEventListener('cancel', () => api.cancelTask().catch(() => {}));
    cancel.focus();
  };
  poll = setInterval(async () => {
    try {
      const p = await api.taskProgress();
      if (!p.running) return;
      if (runningSince === null) runningSince = Date.now();
      if (!dialogHandle && Date.now() - runningSince >= 1000) show();
      if (dialogHandle && !text.textContent.startsWith(t('progress.cancelling'))) {
        replace(text, unit === 'bytes'
          ? t('progress.bytes', { n: formatNumber(Math.round(p.done / 1024)) })
          : tn('progress.rows', p.done));
      }
    } catch (_) {
      // Progress is advisory; the task's own result reports any failure.
    }
  }, 250);
  try {
    return await start();
  } finally {
    clearInterval(poll);
    if (dialogHandle) dialogHandle.close();
  }
}

export { append };
