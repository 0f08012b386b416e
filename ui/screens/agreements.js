// Agreements: every workshop's partnership agreements, with where each stands today (derived by the
// core from its dates), filtered by standing and by end date. An agreement opens in a form (the
// same form as on a workshop's page, checked by the core like a row of agreements.csv); "Add
// agreement" asks for its workshop; Delete asks first; documents are attached and opened from
// the list.

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, tn, formatDate, nameOf, STANDINGS, AGREEMENT_TYPES, AGREEMENT_STATUSES } from '../i18n.js';
import { editRecord } from '../editor.js';
import { confirmDialog, showError, toast } from '../modal.js';
import { virtualTable } from '../table.js';

// The filters stay as they were when the user comes back to the screen.
const filters = { standing: '', ends_before: '' };

// A badge for a standing (`in_force`, `expiring`, …), styled like a workshop's status.
export const standingBadge = (standing) => h('span', { class: `badge standing-${standing}` }, t(`standing.${standing}`));

// An agreement in a dialog: the core validates it like a row of agreements.csv. `workshop` (a
// code) fixes the workshop, as on a workshop's page; otherwise `workshops` (list rows) are offered.
export function editAgreementDialog({ agreement: a, workshop, workshops = [], onChanged }) {
  const choices = (values, prefix) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const workshopField = workshop
    ? { name: 'workshop', label: t('field.workshop'), value: workshop, readonly: true }
    : { name: 'workshop', label: t('field.workshop'), type: 'select', required: true, value: a?.workshop || '',
      options: [{ value: '', label: '' }, ...workshops.map((w) => ({ value: w.code, label: `${w.code} · ${nameOf(w)}` }))] };
  const prefix = workshop || a?.workshop || 'XX-WORKSHOP';
  return editRecord({
    entity: 'agreements',
    title: a ? t('w.agreements.edit') : t('w.agreements.add'),
    original: a ? { code: a.code } : null,
    describe: a ? `${a.code} ${a.title}` : '',
    fields: [
      workshopField,
      { name: 'code', label: t('field.code'), required: true, value: a?.code, placeholder: `${prefix}-MOU` },
      { name: 'type', label: t('field.type'), type: 'select', required: true, value: a?.type || 'mou', options: choices(AGREEMENT_TYPES, 'atype') },
      { name: 'title', label: t('field.title'), required: true, value: a?.title, wide: true },
      { name: 'status', label: t('field.status'), type: 'select', required: true, value: a?.status || 'signed', options: choices(AGREEMENT_STATUSES, 'astatus') },
      { name: 'reference', label: t('field.reference'), value: a?.reference },
      { name: 'signed_on', label: t('field.signed_on'), value: a?.signed_on, placeholder: '2024-11-21' },
      { name: 'starts_on', label: t('field.starts_on'), value: a?.starts_on, placeholder: '2024-11-21' },
      { name: 'ends_on', label: t('field.ends_on'), value: a?.ends_on, hint: t('field.ends_on.hint') },
      { name: 'notice_days', label: t('field.notice_days'), type: 'number', value: a ? String(a.notice_days) : '180' },
      { name: 'auto_renew', label: t('field.auto_renew'), type: 'select', value: a?.auto_renew ? 'yes' : 'no',
        options: [{ value: 'no', label: t('common.no') }, { value: 'yes', label: t('common.yes') }] },
      { name: 'parties', label: t('field.parties'), value: a?.parties?.join(';'), hint: t('field.chinese_institution.hint'), wide: true },
      { name: 'responsible', label: t('field.responsible'), value: a?.responsible },
      { name: 'renews', label: t('field.renews'), value: a?.renews },
      { name: 'notes', label: t('field.notes'), type: 'textarea', value: a?.notes, wide: true },
    ],
    onChanged,
  });
}

// An agreement's documents: each opens in the system viewer, × detaches it (after asking), and
// "Attach…" opens the native file dialog (the path never passes through the page). `changed` is
// called after an attach or a detach.
export function agreementDocuments(r, changed) {
  const code = r.agreement.code;
  const act = (work, done) => async () => {
    try {
      const result = await work();
      if (done && result !== null) { toast(done); changed(); }
    } catch (error) {
      showError(error);
    }
  };
  return h('div', { class: 'documents', dataset: { documents: code } },
    r.documents.map((d) => h('span', { class: 'chip' },
      h('button', { type: 'button', class: 'link', title: t('w.documents.open'), onclick: act(() => api.openDocument(code, d.name)) }, d.name),
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('w.documents.detach', { name: d.name }), title: t('w.documents.detach', { name: d.name }),
        onclick: async () => {
          const ok = await confirmDialog({
            title: t('w.documents.detach', { name: d.name }),
            body: [h('p', {}, t('w.documents.detachBody', { name: d.name, code }))],
            confirmLabel: t('w.documents.detachConfirm'),
            danger: true,
          });
          if (ok) await act(() => api.detachDocument(code, d.name), t('w.documents.detached'))();
        } }, '×'))),
    h('button', { type: 'button', class: 'button small', dataset: { action: 'attach' },
      onclick: act(() => api.attachDocument(code, t('w.documents.choose')), t('w.documents.attached')) }, t('w.documents.attach')));
}

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
  // The workshops a new agreement may belong to, read when the form opens.
  const open = async (a) => {
    try {
      // An existing agreement's workshop can be changed too, so both forms offer every workshop.
      const workshops = await api.listWorkshops({ search: '' });
      editAgreementDialog({ agreement: a, workshops, onChanged: refresh });
    } catch (error) {
      showError(error);
    }
  };
  const table = virtualTable({
    label: t('agreements.title'),
    rowHeight: 44,
    onOpen: (r) => open(r.agreement),
    emptyText: t('agreements.empty'),
    columns: [
      { key: 'code', label: t('field.code'), width: '12rem', sort: (r) => r.agreement.code,
        cell: (r) => h('button', { type: 'button', class: 'link code', dataset: { edit: r.agreement.code }, onclick: () => open(r.agreement) }, r.agreement.code) },
      { key: 'workshop', label: t('field.workshop'), width: '11rem', sort: (r) => r.agreement.workshop,
        cell: (r) => h('a', { href: `#/workshop/${encodeURIComponent(r.agreement.workshop)}`, class: 'code' }, r.agreement.workshop) },
      { key: 'type', label: t('field.type'), width: '10rem', sort: (r) => r.agreement.type, cell: (r) => t(`atype.${r.agreement.type}`) },
      { key: 'title', label: t('field.title'), sort: (r) => r.agreement.title, cell: (r) => r.agreement.title },
      { key: 'ends_on', label: t('field.ends_on'), width: '8rem', sort: (r) => r.agreement.ends_on || '9999',
        cell: (r) => (r.agreement.ends_on ? formatDate(r.agreement.ends_on) : t('field.ends_on.open')) },
      { key: 'standing', label: t('field.standing'), width: '11rem', sort: (r) => STANDINGS.indexOf(r.standing), cell: (r) => standingBadge(r.standing) },
      { key: 'documents', label: t('field.documents'), width: '16rem', sort: (r) => r.documents.length, cell: (r) => agreementDocuments(r, refresh) },
    ],
  });
  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('agreements.title')), count, h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'button primary', dataset: { action: 'add-agreement' }, onclick: () => open(null) }, t('w.agreements.add'))),
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
      replace(count, tn('agreements.count', rows.length));
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return {};
}
