// Agreements: every workshop's partnership agreements, with where each stands today (derived by the
// core from its dates), filtered by standing and by end date. Read-only: agreements are added and
// changed through agreements.csv (Import & export).

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, formatNumber, formatDate, STANDINGS } from '../i18n.js';
import { showError } from '../modal.js';
import { virtualTable } from '../table.js';

// The filters stay as they were when the user comes back to the screen.
const filters = { standing: '', ends_before: '' };

// A badge for a standing (`in_force`, `expiring`, …), styled like a workshop's status.
export const standingBadge = (standing) => h('span', { class: `badge standing-${standing}` }, t(`standing.${standing}`));

export function mount(root) {
  const count = h('span', { class: 'count', 'aria-live': 'polite' });
  const standingId = uid('standing');
  const standing = h('select', { id: standingId, dataset: { filter: 'standing' } },
    h('option', { value: '' }, t('common.all')),
    STANDINGS.map((s) => h('option', { value: s, selected: s === filters.standing }, t(`standing.${s}`))));
  const endsId = uid('ends');
  const ends = h('input', { id: endsId, type: 'date', value: filters.ends_before, dataset: { filter: 'ends_before' } });
  standing.addEventListener('change', () => { filters.standing = standing.value; refresh(); });
  ends.addEventListener('change', () => { filters.ends_before = ends.value; refresh(); });
  const table = virtualTable({
    label: t('agreements.title'),
    rowHeight: 44,
    onOpen: (r) => { location.hash = `#/workshop/${encodeURIComponent(r.agreement.workshop)}`; },
    emptyText: t('agreements.empty'),
    columns: [
      { key: 'code', label: t('field.code'), width: '12rem', sort: (r) => r.agreement.code, cell: (r) => h('span', { class: 'code' }, r.agreement.code) },
      { key: 'workshop', label: t('field.workshop'), width: '11rem', sort: (r) => r.agreement.workshop,
        cell: (r) => h('a', { href: `#/workshop/${encodeURIComponent(r.agreement.workshop)}`, class: 'code' }, r.agreement.workshop) },
      { key: 'type', label: t('field.type'), width: '10rem', sort: (r) => r.agreement.type, cell: (r) => t(`atype.${r.agreement.type}`) },
      { key: 'title', label: t('field.title'), sort: (r) => r.agreement.title, cell: (r) => r.agreement.title },
      { key: 'ends_on', label: t('field.ends_on'), width: '8rem', sort: (r) => r.agreement.ends_on || '9999',
        cell: (r) => (r.agreement.ends_on ? formatDate(r.agreement.ends_on) : t('field.ends_on.open')) },
      { key: 'standing', label: t('field.standing'), width: '11rem', sort: (r) => STANDINGS.indexOf(r.standing), cell: (r) => standingBadge(r.standing) },
    ],
  });
  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('agreements.title')), count),
    h('div', { class: 'toolbar' },
      h('div', { class: 'control' }, h('label', { for: standingId }, t('agreements.standing')), standing),
      h('div', { class: 'control' }, h('label', { for: endsId }, t('agreements.endsBefore')), ends)),
    h('section', { class: 'fill', 'aria-label': t('agreements.title') }, table.el));
  async function refresh() {
    try {
      const rows = await api.listAgreements({
        standing: filters.standing || null,
        ends_before: filters.ends_before || null,
      });
      table.setRows(rows);
      replace(count, t('agreements.count', { n: formatNumber(rows.length) }));
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return {};
}
