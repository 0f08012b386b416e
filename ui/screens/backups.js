// Backups: the list of the registry's backups (time, reason, size), "Back up now", "Save a copy…"
// (the native dialog, opened by the Rust side) and "Restore", which says what will be replaced
// and that the current state is backed up first.

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { confirmDialog, showError, toast } from '../modal.js';

// An RFC 3339 time as the user's local date and time.
export const formatTime = (iso) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(t('locale.tag'));
};

const size = (bytes) => t('backups.kb', { n: formatNumber(Math.max(1, Math.round(bytes / 1024))) });

export function mount(root, ctx) {
  const body = h('tbody');
  const count = h('span', { class: 'count', 'aria-live': 'polite' });
  const now = h('button', { type: 'button', class: 'button primary', dataset: { action: 'backup-now' } }, t('backups.now'));
  const copy = h('button', { type: 'button', class: 'button', dataset: { action: 'save-copy' } }, t('backups.copy'));
  now.addEventListener('click', async () => {
    now.disabled = true;
    try {
      await api.backupNow();
      toast(t('backups.taken'));
      await refresh();
    } catch (error) {
      showError(error);
    } finally {
      now.disabled = false;
    }
  });
  copy.addEventListener('click', async () => {
    try {
      const path = await api.saveBackupCopy(t('backups.copy.title'));
      if (path) toast(t('backups.copied', { path }));
    } catch (error) {
      showError(error);
    }
  });
  const restore = async (b) => {
    const ok = await confirmDialog({
      title: t('backups.restore.title'),
      body: [
        h('p', {}, t('backups.restore.what', { time: formatTime(b.created), reason: t(`backups.reason.${b.reason}`) })),
        h('p', {}, t('backups.restore.safe')),
      ],
      confirmLabel: t('backups.restore'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.restoreBackup(b.name, true);
      await ctx.refreshStatus();
      toast(t('backups.restored'));
      await refresh();
    } catch (error) {
      showError(error);
      await refresh();
    }
  };
  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('backups.title')), count, h('span', { class: 'spacer' }), copy, now),
    h('p', { class: 'hint' }, t('backups.intro')),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data backups-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('backups.time')),
          h('th', { scope: 'col' }, t('backups.reason')),
          h('th', { scope: 'col', class: 'num' }, t('backups.size')),
          h('th', { scope: 'col' }, t('common.actions')))),
        body)));
  async function refresh() {
    try {
      const list = await api.listBackups();
      replace(count, t('backups.count', { n: formatNumber(list.length) }));
      replace(body, list.length === 0
        ? h('tr', {}, h('td', { colspan: 4 }, t('backups.none')))
        : list.map((b) => h('tr', { dataset: { backup: b.name } },
          h('td', {}, formatTime(b.created)),
          h('td', {}, t(`backups.reason.${b.reason}`)),
          h('td', { class: 'num' }, size(b.bytes)),
          h('td', {}, h('button', { type: 'button', class: 'button', dataset: { action: 'restore' }, onclick: () => restore(b) }, t('backups.restore'))))));
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return {};
}
