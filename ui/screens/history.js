// History: every batch (import, form save, deletion, sample, restore, undo), newest first, with
// who made it and what it changed, and "Undo" on each. The core refuses an undo that a later
// batch stands in the way of, and says which.

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { confirmDialog, showError, toast } from '../modal.js';
import { formatTime } from './backups.js';

export function mount(root, ctx) {
  const body = h('tbody');
  const undo = async (b) => {
    const ok = await confirmDialog({
      title: t('history.undo.title'),
      body: [
        h('p', {}, t('history.undo.what', { source: b.source, time: formatTime(b.at) })),
        h('p', {}, t('history.undo.safe')),
      ],
      confirmLabel: t('history.undo'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.undoBatch(b.id, true);
      await ctx.refreshStatus();
      toast(t('history.undone'));
    } catch (error) {
      showError(error);
    }
    await refresh();
  };
  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('history.title'))),
    h('p', { class: 'hint' }, t('history.intro')),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data history-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', class: 'num' }, t('history.batch')),
          h('th', { scope: 'col' }, t('backups.time')),
          h('th', { scope: 'col' }, t('history.user')),
          h('th', { scope: 'col' }, t('history.source')),
          h('th', { scope: 'col' }, t('history.changes')),
          h('th', { scope: 'col' }, t('common.actions')))),
        body)));
  async function refresh() {
    try {
      const list = await api.listHistory();
      replace(body, list.length === 0
        ? h('tr', {}, h('td', { colspan: 6 }, t('history.none')))
        : list.map((b) => h('tr', { dataset: { batch: String(b.id) } },
          h('td', { class: 'num' }, String(b.id)),
          h('td', {}, formatTime(b.at)),
          h('td', {}, b.user || t('common.none')),
          h('td', {}, b.source),
          h('td', {}, t('history.counts', { added: formatNumber(b.added), updated: formatNumber(b.updated), deleted: formatNumber(b.deleted) })),
          h('td', {}, h('button', { type: 'button', class: 'button', dataset: { action: 'undo' }, onclick: () => undo(b) }, t('history.undo'))))));
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return {};
}
