// The screen shown when the registry file cannot be opened: what happened, where the file is, and
// what to do. Nothing was written to the file. A damaged file with a good backup gets the offer to
// restore that backup in one click (confirmed first; the core keeps the damaged bytes as a backup).

import * as api from '../api.js';
import { h } from '../dom.js';
import { t, msgOf } from '../i18n.js';
import { confirmDialog, showError } from '../modal.js';
import { formatTime } from './backups.js';

const KNOWN = ['newer_schema', 'not_a_registry', 'integrity'];

// onRestored: called once the restored registry is open (the app then draws its screens).
export function startupProblem(status, languageSwitch, onRestored) {
  const kind = KNOWN.includes(status.problem.kind) ? status.problem.kind : 'other';
  const details = status.problem.details || [];
  return h('div', { class: 'startup' },
    h('section', { class: 'startup-card', role: 'alert', 'aria-labelledby': 'startup-title' },
      h('img', { src: 'logo.svg', alt: '', width: 48, height: 48 }),
      h('h1', { id: 'startup-title' }, t('startup.title')),
      h('p', { class: 'lead', dataset: { kind: status.problem.kind } }, t(`startup.${kind}`)),
      h('p', {}, t(`startup.${kind}.todo`)),
      status.problem.restore ? restoreOffer(status.problem.restore, onRestored) : null,
      h('div', { class: 'where-block' },
        h('div', { class: 'where-label' }, t('startup.where')),
        h('code', { class: 'path' }, status.path || t('common.none'))),
      h('details', {},
        h('summary', {}, t('startup.details')),
        h('p', { class: 'mono small' }, msgOf(status.problem)),
        details.length ? h('ul', { class: 'mono small' }, details.map((d) => h('li', {}, d))) : null),
      languageSwitch));
}

function restoreOffer(backup, onRestored) {
  const time = formatTime(backup.created);
  const button = h('button', { type: 'button', class: 'button primary', id: 'restore-newest', onclick: async () => {
    const ok = await confirmDialog({
      title: t('startup.restore.title', { time }),
      body: [h('p', {}, t('startup.restore.body', { time })), h('p', { class: 'muted' }, backup.name)],
      confirmLabel: t('startup.restore.confirm'),
    });
    if (!ok) return;
    button.disabled = true;
    try {
      await api.restoreNewestGoodBackup(true);
      await onRestored();
    } catch (error) {
      button.disabled = false;
      showError(error);
    }
  } }, t('startup.restore.action', { time }));
  return h('p', {}, button);
}
