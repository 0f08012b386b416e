// A workshop's page: its fields, the majors it teaches, and its enrolment and training rows, each
// added, edited and deleted in place, with totals. Also the form for a new workshop.

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, tn, msgOf, formatNumber, formatDate, nameOf, otherNameOf, getLang, STATUSES, LEVELS, KINDS, SIDES } from '../i18n.js';
import { editRecord } from '../editor.js';
import { buildForm, options } from '../forms.js';
import { confirmDialog, showError, toast } from '../modal.js';
import { statusBadge } from './workshops.js';
import { standingBadge, agreementDocuments, editAgreementDialog } from './agreements.js';
import { typeahead, findCountries, findMajors } from '../typeahead.js';
import { formatTime } from './backups.js';

const countryLabel = (c) => `${getLang() === 'zh' ? c.name_zh : c.name_en} (${c.iso2})`;
const majorLabel = (m) => `${m.code} · ${nameOf(m)}`;
// How many of the workshop's history rows its page lists (the History screen has them all).
const HISTORY_SHOWN = 50;

// The office's own fields as form fields, typed by their kind (the core checks the values and its
// messages are shown beside them): a number or a date as text with a hint, yes-no as a choice.
const ownFields = (defs, values) => defs.map((f) => {
  const value = (values.find((v) => v.name === f.name) || {}).value || '';
  const label = getLang() === 'zh' && f.label_zh ? f.label_zh : f.name;
  switch (f.type) {
    case 'yes-no':
      return { name: f.name, label, type: 'select', value, options: [{ value: '', label: '' }, { value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }] };
    case 'number':
      return { name: f.name, label, type: 'decimal', value, hint: t('fields.hint.number') };
    case 'date':
      return { name: f.name, label, value, placeholder: '2024-11-21', hint: t('fields.hint.date') };
    default:
      return { name: f.name, label, value };
  }
});

export function mount(root, ctx, code) {
  const isNew = code === 'new';
  const state = { detail: null, countries: [], majors: [], fields: [] };
  let disposed = false;
  // Values typed into the details form before the language changed (see main.js), put back once.
  let kept = ctx.kept && ctx.kept.values ? ctx.kept.values : null;
  let shownForm = null;
  const restore = (form) => {
    shownForm = form;
    if (!kept) return;
    for (const [name, value] of Object.entries(kept)) {
      const control = form.controls.get(name);
      if (control && !control.readOnly) control.value = value;
    }
    kept = null;
  };
  const keep = () => ({ values: shownForm ? shownForm.values() : null });

  const detailsForm = (w) => {
    const countries = state.countries
      .map((c) => ({ value: c.iso2, label: countryLabel(c) }))
      .sort((a, b) => a.label.localeCompare(b.label, getLang() === 'zh' ? 'zh-CN' : 'en'));
    const fields = [
      { name: 'code', label: t('field.code'), required: true, value: w?.code, placeholder: 'TH-AYUTTHAYA' },
      { name: 'status', label: t('field.status'), type: 'select', required: true, value: w?.status || 'active', options: options(STATUSES, (s) => t(`status.${s}`)) },
      { name: 'name_en', label: t('field.name_en'), required: true, value: w?.name_en },
      { name: 'name_zh', label: t('field.name_zh'), value: w?.name_zh },
      { name: 'country', label: t('field.country'), type: 'select', required: true, value: w?.country || '', options: [{ value: '', label: '' }, ...countries], find: findCountries },
      { name: 'city', label: t('field.city'), value: w?.city },
      { name: 'host_institution', label: t('field.host_institution'), required: true, value: w?.host_institution },
      { name: 'chinese_institution', label: t('field.chinese_institution'), required: true, value: w ? w.chinese_institutions.join('; ') : '', hint: t('field.chinese_institution.hint') },
      { name: 'opened_year', label: t('field.opened_year'), type: 'number', required: true, value: w?.opened_year },
      { name: 'opened_on', label: t('field.opened_on'), value: w?.opened_on, hint: t('field.opened_on.hint') },
      { name: 'notes', label: t('field.notes'), type: 'textarea', value: w?.notes, wide: true },
      ...ownFields(state.fields, state.detail && w ? state.detail.fields : []),
    ];
    const form = buildForm({
      fields,
      onCancel: isNew ? () => ctx.navigate('#/workshops') : null,
      onSubmit: async (values) => {
        await api.save('workshops', isNew ? null : { code: w.code }, values);
        toast(t('common.saved'));
        const saved = values.code.trim().toUpperCase();
        await ctx.refreshStatus();
        if (isNew || saved !== w.code) ctx.navigate(`#/workshop/${encodeURIComponent(saved)}`, { replace: true });
        else load();
      },
    });
    form.form.setAttribute('aria-label', t('w.details'));
    return form;
  };

  const section = (title, ...body) => {
    const id = uid('sec');
    return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), body);
  };

  if (isNew) {
    Promise.all([api.listCountries(''), api.listFields()]).then(([countries, fields]) => {
      if (disposed) return;
      state.countries = countries;
      state.fields = fields.filter((f) => f.kind === 'workshops');
      const form = detailsForm(null);
      restore(form);
      replace(root,
        h('header', { class: 'page-head' },
          h('a', { href: '#/workshops', class: 'back' }, '← ', t('nav.workshops')),
          h('h1', {}, t('ws.new'))),
        section(t('w.details'), form.form));
      form.focusFirst();
    }).catch(showError);
    return { dispose: () => { disposed = true; }, keep };
  }

  async function load() {
    try {
      const [detail, countries, majors, fields, changes] = await Promise.all([
        api.getWorkshop(code),
        state.countries.length ? state.countries : api.listCountries(''),
        api.listMajors(''),
        api.listFields(),
        api.listWorkshopHistory(code),
      ]);
      if (disposed) return;
      Object.assign(state, { detail, countries, majors, fields: fields.filter((f) => f.kind === 'workshops'), changes });
      render();
    } catch (error) {
      if (error.kind === 'not_found') {
        replace(root, h('p', { class: 'empty-table' }, t('w.notFound')), h('a', { href: '#/workshops' }, t('nav.workshops')));
      } else showError(error);
    }
  }

  function render() {
    const d = state.detail;
    const w = d.workshop;
    const scroll = root.scrollTop;
    const form = detailsForm(w);
    restore(form);
    replace(root,
      h('header', { class: 'page-head workshop-head' },
        h('div', { class: 'titles' },
          h('a', { href: '#/workshops', class: 'back' }, '← ', t('nav.workshops')),
          h('h1', {}, nameOf(w)),
          h('p', { class: 'subtitle' },
            h('span', { class: 'code' }, w.code), ' ', statusBadge(w.status),
            otherNameOf(w) ? h('span', { class: 'other-name' }, otherNameOf(w)) : null)),
        h('span', { class: 'spacer' }),
        h('div', { class: 'totals' },
          h('span', {}, tn('w.summary.students', d.students)),
          h('span', {}, tn('w.summary.trainees', d.trainees))),
        h('button', { type: 'button', class: 'button danger', onclick: () => deleteWorkshop(w) }, t('w.delete'))),
      section(t('w.details'), form.form,
        w.opened_on ? h('p', { class: 'hint' }, `${t('field.opened_on')}: ${formatDate(w.opened_on)}`) : null),
      section(t('w.majors'), majorsBlock(d)),
      section(t('w.enrolments'), figureTable({
        entity: 'enrolments',
        rows: d.enrolments,
        columns: [
          { name: 'year', label: t('field.year'), numeric: true, width: '5.5rem', display: (r) => String(r.year) },
          { name: 'major', label: t('field.major'), type: 'select',
            options: () => [{ value: '', label: t('field.noMajor') }, ...d.majors.map((m) => ({ value: m.code, label: majorLabel(m) }))], find: findMajors,
            display: (r) => (r.major ? majorLabel(d.majors.find((m) => m.code === r.major) || { code: r.major }) : t('field.noMajor')) },
          { name: 'level', label: t('field.level'), type: 'select', width: '12rem', options: () => options(LEVELS, (l) => t(`level.${l}`)), display: (r) => t(`level.${r.level}`) },
          { name: 'students', label: t('field.students'), numeric: true, width: '8rem', display: (r) => formatNumber(r.students) },
        ],
        key: (r) => ({ workshop: w.code, year: String(r.year), major: r.major || '', level: r.level }),
        blank: { year: '', major: '', level: 'associate', students: '' },
        total: { column: 'students', value: d.students },
      })),
      section(t('w.trainings'), figureTable({
        entity: 'trainings',
        rows: d.trainings,
        columns: [
          { name: 'year', label: t('field.year'), numeric: true, width: '5.5rem', display: (r) => String(r.year) },
          { name: 'kind', label: t('field.kind'), type: 'select', options: () => options(KINDS, (k) => t(`kind.${k}`)), display: (r) => t(`kind.${r.kind}`) },
          { name: 'trainees', label: t('field.trainees'), numeric: true, width: '8rem', display: (r) => formatNumber(r.trainees) },
        ],
        key: (r) => ({ workshop: w.code, year: String(r.year), kind: r.kind }),
        blank: { year: '', kind: 'skills', trainees: '' },
        total: { column: 'trainees', value: d.trainees },
      })),
      section(t('w.agreements'), readOnlyTable('agreements', d.agreements, t('w.agreements.none'), [
        [t('field.code'), (r) => h('button', { type: 'button', class: 'link code', dataset: { edit: r.agreement.code }, onclick: () => editAgreement(w, r.agreement) }, r.agreement.code)],
        [t('field.type'), (r) => t(`atype.${r.agreement.type}`)],
        [t('field.title'), (r) => r.agreement.title],
        [t('field.signed_on'), (r) => (r.agreement.signed_on ? formatDate(r.agreement.signed_on) : '')],
        [t('field.ends_on'), (r) => (r.agreement.ends_on ? formatDate(r.agreement.ends_on) : t('field.ends_on.open'))],
        [t('field.standing'), (r) => standingBadge(r.standing)],
        [t('field.documents'), (r) => documentsCell(r)],
      ]), h('button', { type: 'button', class: 'button', dataset: { action: 'add-agreement' }, onclick: () => editAgreement(w, null) }, t('w.agreements.add'))),
      section(t('w.contacts'), readOnlyTable('contacts', d.contacts, t('w.contacts.none'), [
        [t('field.name'), (c) => h('button', { type: 'button', class: 'link', onclick: () => editContact(w, c) }, c.name)],
        [t('field.side'), (c) => t(`side.${c.side}`)],
        [t('field.role'), (c) => c.role || ''],
        [t('field.email'), (c) => c.email || ''],
        [t('field.phone'), (c) => c.phone || ''],
        [t('field.wechat'), (c) => c.wechat || ''],
      ]), h('button', { type: 'button', class: 'button', dataset: { action: 'add-contact' }, onclick: () => editContact(w, null) }, t('w.contacts.add'))),
      section(t('w.history'), historyBlock(state.changes || [])));
    root.scrollTop = scroll;
  }

  // This workshop's own history (the core's record changes of it and its figures), newest first,
  // with Undo on each batch (the core refuses one a later batch stands in the way of).
  function historyBlock(changes) {
    if (changes.length === 0) return h('p', { class: 'muted' }, t('w.history.none'));
    const shown = changes.slice(0, HISTORY_SHOWN);
    const what = (c) => (c.op === 'update'
      ? Object.entries(c.changes).map(([field, [before, after]]) => `${field}: ${before} → ${after}`).join('; ')
      : t(`w.history.${c.op}`));
    const undo = async (c) => {
      const ok = await confirmDialog({
        title: t('history.undo.title'),
        body: [h('p', {}, t('history.undo.what', { source: c.source, time: formatTime(c.at) })), h('p', {}, t('history.undo.safe'))],
        confirmLabel: t('history.undo'),
        danger: true,
      });
      if (!ok) return;
      try {
        await api.undoBatch(c.batch, true);
        toast(t('history.undone'));
        load();
      } catch (error) {
        showError(error);
      }
    };
    return [
      h('div', { class: 'table-scroll' }, h('table', { class: 'data history-table', dataset: { history: 'workshop' } },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('backups.time')),
          h('th', { scope: 'col' }, t('history.source')),
          h('th', { scope: 'col' }, t('w.history.record')),
          h('th', { scope: 'col' }, t('w.history.change')),
          h('th', { scope: 'col' }, t('common.actions')))),
        h('tbody', {}, shown.map((c, i) => h('tr', { dataset: { batch: String(c.batch) } },
          h('td', {}, formatTime(c.at)),
          h('td', {}, c.source),
          h('td', {}, `${t(`entity.${c.kind}`)} ${c.key || ''}`.trim()),
          h('td', {}, what(c)),
          // One Undo per batch: on its newest row.
          h('td', {}, i > 0 && shown[i - 1].batch === c.batch ? null
            : h('button', { type: 'button', class: 'button', dataset: { action: 'undo' }, onclick: () => undo(c) }, t('history.undo')))))))),
      changes.length > HISTORY_SHOWN ? h('p', { class: 'hint' }, t('w.history.more', { n: formatNumber(changes.length - HISTORY_SHOWN) })) : null,
    ];
  }

  // An agreement's documents and its form are shared with the Agreements screen.
  const documentsCell = (r) => agreementDocuments(r, load);
  const editAgreement = (w, a) => editAgreementDialog({ agreement: a, workshop: w.code, onChanged: load });

  // A contact in a dialog, keyed by the workshop and the name.
  function editContact(w, c) {
    editRecord({
      entity: 'contacts',
      title: c ? t('w.contacts.edit') : t('w.contacts.add'),
      original: c ? { workshop: w.code, name: c.name } : null,
      describe: c ? c.name : '',
      fields: [
        { name: 'workshop', label: t('field.workshop'), value: w.code, readonly: true },
        { name: 'name', label: t('field.name'), required: true, value: c?.name },
        { name: 'side', label: t('field.side'), type: 'select', required: true, value: c?.side || 'partner',
          options: SIDES.map((v) => ({ value: v, label: t(`side.${v}`) })) },
        { name: 'role', label: t('field.role'), value: c?.role },
        { name: 'email', label: t('field.email'), value: c?.email, placeholder: 'name@example.org' },
        { name: 'phone', label: t('field.phone'), value: c?.phone },
        { name: 'wechat', label: t('field.wechat'), value: c?.wechat },
        { name: 'notes', label: t('field.notes'), type: 'textarea', value: c?.notes, wide: true },
      ],
      onChanged: load,
    });
  }

  // A plain table of records (agreements and contacts), each opened in a dialog from its first cell.
  function readOnlyTable(entity, rows, emptyText, columns) {
    if (rows.length === 0) return h('p', { class: 'muted' }, emptyText);
    return h('table', { class: 'data', 'aria-label': t(`entity.${entity}`), dataset: { records: entity } },
      h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(r)))))));
  }

  function majorsBlock(d) {
    const w = d.workshop;
    const linked = new Set(d.majors.map((m) => m.code));
    const available = state.majors.filter((m) => !linked.has(m.code));
    const selectId = uid('major');
    const select = h('select', { id: selectId, name: 'major' }, available.map((m) => h('option', { value: m.code }, majorLabel(m))));
    const toMajors = (key) => h('a', { href: '#/majors', dataset: { link: 'majors' } }, t(key));
    let adder;
    if (state.majors.length === 0) {
      // Nothing to add from yet: say where majors come from.
      adder = h('p', { class: 'hint', dataset: { add: 'major' } }, t('w.majors.noneInRegistry'), ' ', toMajors('w.majors.page'));
    } else if (available.length === 0) {
      adder = h('p', { class: 'hint', dataset: { add: 'major' } }, t('w.majors.allTaught'), ' ', toMajors('w.majors.page'));
    } else {
      adder = h('div', { class: 'inline-add', dataset: { add: 'major' } },
        h('label', { for: selectId }, t('w.majors.choose')),
        typeahead(select, { label: t('w.majors.choose'), find: findMajors, autoselect: true }).el,
        h('button', { type: 'button', class: 'button', onclick: () => add() }, '+ ', t('w.majors.add')),
        h('span', { class: 'hint' }, t('w.majors.missing'), ' ', toMajors('w.majors.page')));
    }
    const add = async () => {
      if (!select.value) return;
      try {
        await api.save('workshop_majors', null, { workshop: w.code, major: select.value });
        load();
      } catch (error) {
        showError(error);
      }
    };
    return h('div', { class: 'majors-block' },
      d.majors.length === 0
        ? h('p', { class: 'muted' }, t('w.majors.none'))
        : h('ul', { class: 'chips' }, d.majors.map((m) => h('li', { class: 'chip' },
          h('span', { class: 'chip-code' }, m.code), ' ', h('span', {}, nameOf(m)),
          h('span', { class: 'chip-category' }, getLang() === 'zh' ? m.category_zh : m.category_en),
          h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('w.majors.remove', { code: m.code }), title: t('w.majors.remove', { code: m.code }),
            onclick: () => removeRow('workshop_majors', { workshop: w.code, major: m.code }, `${m.code} ${nameOf(m)}`) }, '×')))),
      adder);
  }

  // A table of figure rows, each editable in place; Enter saves a row, Esc cancels its edit.
  function figureTable({ entity, rows, columns, key, blank, total }) {
    const tbody = h('tbody');
    const colgroup = h('colgroup', {}, columns.map((c) => {
      const col = h('col');
      if (c.width) col.style.width = c.width;
      return col;
    }), h('col', { class: 'col-actions' }));
    const table = h('table', { class: 'data figures-table', 'aria-label': t(`entity.${entity}`) },
      colgroup,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)), h('th', { scope: 'col', class: 'actions' }, h('span', { class: 'sr-only' }, t('common.actions'))))),
      tbody,
      h('tfoot', {}, h('tr', {}, columns.map((c, i) => (c.name === total.column
        ? h('td', { class: 'num total' }, formatNumber(total.value))
        : h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, i === 0 ? t('common.total') : ''))), h('td'))));
    const displayRow = (row) => {
      const tr = h('tr', {},
        columns.map((c) => h('td', { class: c.numeric ? 'num' : null }, c.display(row))),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'icon-button', 'aria-label': t('w.row.edit'), title: t('w.row.edit'), onclick: () => tr.replaceWith(editRow(row, tr)) }, t('common.edit')),
          h('button', { type: 'button', class: 'icon-button danger', 'aria-label': t('w.row.delete'), title: t('w.row.delete'),
            onclick: () => removeRow(entity, key(row), columns.map((c) => c.display(row)).join(' · ')) }, t('common.delete'))));
      return tr;
    };
    const editRow = (row, previous) => {
      const inputs = {};
      const errors = {};
      const cells = columns.map((c) => {
        const id = uid(c.name);
        const value = row ? String(row[c.name] ?? '') : String(blank[c.name] ?? '');
        const control = c.type === 'select'
          ? h('select', { id, 'aria-label': c.label }, c.options().map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)))
          : h('input', { id, type: 'text', inputmode: c.numeric ? 'numeric' : null, value, 'aria-label': c.label, autocomplete: 'off', class: c.numeric ? 'num' : null });
        const error = h('p', { class: 'field-error', id: `${id}-error` });
        control.setAttribute('aria-describedby', error.id);
        inputs[c.name] = control;
        errors[c.name] = error;
        const shown = c.find ? typeahead(control, { label: c.label, find: c.find, autoselect: true }).el : control;
        return h('td', { class: 'editing', dataset: { field: c.name } }, shown, error);
      });
      const general = h('p', { class: 'field-error' });
      const cancel = () => (previous ? tr.replaceWith(previous) : tr.remove());
      const save = async () => {
        const fields = { workshop: state.detail.workshop.code };
        for (const [name, control] of Object.entries(inputs)) fields[name] = control.value;
        for (const [name, el] of Object.entries(errors)) { replace(el); inputs[name].removeAttribute('aria-invalid'); }
        replace(general);
        try {
          await api.save(entity, row ? key(row) : null, fields);
          toast(t('common.saved'));
          load();
        } catch (error) {
          let first = null;
          for (const d of error.details || []) {
            if (errors[d.field]) {
              errors[d.field].append(h('span', {}, msgOf(d)));
              inputs[d.field].setAttribute('aria-invalid', 'true');
              first = first || inputs[d.field];
            } else general.append(h('span', {}, msgOf(d)));
          }
          if (!error.details || error.details.length === 0) general.append(h('span', {}, msgOf(error)));
          (first || inputs[columns[0].name]).focus();
        }
      };
      const tr = h('tr', { class: 'edit-row',
        onkeydown: (event) => {
          if (event.key === 'Enter') { event.preventDefault(); save(); }
          if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); cancel(); }
        } },
      cells,
      h('td', { class: 'actions editing' },
        h('button', { type: 'button', class: 'button primary small', onclick: save }, t('common.save')),
        h('button', { type: 'button', class: 'button small', onclick: cancel }, t('common.cancel')),
        general));
      setTimeout(() => inputs[columns[0].name].focus(), 0);
      return tr;
    };
    replace(tbody, rows.map(displayRow));
    const addButton = h('button', { type: 'button', class: 'button', onclick: () => tbody.append(editRow(null, null)) }, '+ ', t('w.row.add'));
    return h('div', { class: 'figure-block', dataset: { entity } },
      rows.length === 0 ? h('p', { class: 'muted' }, t('w.rows.none')) : null,
      table,
      h('div', { class: 'block-actions' }, addButton));
  }

  async function removeRow(entity, keyFields, description) {
    try {
      await api.deletionImpact(entity, keyFields);
    } catch (error) {
      showError(error);
      return;
    }
    const ok = await confirmDialog({
      title: t(`del.row.${entity}`),
      body: [h('p', {}, t('del.record.body', { what: description })), h('p', { class: 'muted' }, t('del.undoFromHistory'))],
      confirmLabel: t('del.confirm'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.remove(entity, keyFields, true);
      toast(t('common.deleted'));
      load();
    } catch (error) {
      showError(error);
    }
  }

  async function deleteWorkshop(w) {
    let impact;
    try {
      impact = await api.deletionImpact('workshops', { code: w.code });
    } catch (error) {
      showError(error);
      return;
    }
    const goes = [
      impact.majors ? tn('del.workshop.majors', impact.majors) : null,
      impact.enrolments ? tn('del.workshop.enrolments', impact.enrolments) : null,
      impact.trainings ? tn('del.workshop.trainings', impact.trainings) : null,
      impact.agreements ? tn('del.workshop.agreements', impact.agreements) : null,
      impact.contacts ? tn('del.workshop.contacts', impact.contacts) : null,
    ].filter(Boolean);
    const ok = await confirmDialog({
      title: t('del.title', { what: nameOf(w) }),
      body: [
        h('p', {}, t('del.workshop.body', { name: nameOf(w) })),
        goes.length ? h('ul', { class: 'impact' }, goes.map((g) => h('li', {}, g))) : h('p', {}, t('del.nothingElse')),
        h('p', { class: 'muted' }, t('del.undoFromHistory')),
      ],
      confirmLabel: t('del.confirm'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.remove('workshops', { code: w.code }, true);
      toast(t('common.deleted'));
      await ctx.refreshStatus();
      ctx.navigate('#/workshops');
    } catch (error) {
      showError(error);
    }
  }

  load();
  return {
    keep,
    dispose: () => { disposed = true; },
    add: () => ctx.navigate('#/workshop/new'),
  };
}
