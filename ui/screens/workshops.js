// Workshops: a sortable table with search (names in both languages, country, city, institutions)
// and filters by status, country and group. Only the rows in view are drawn.

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, tn, formatNumber, formatDate, nameOf, otherNameOf, STATUSES, getLang } from '../i18n.js';
import { fieldLabel } from './fields.js';
import { showError } from '../modal.js';
import { virtualTable } from '../table.js';
import { welcome } from './welcome.js';
import { typeahead, findCountries } from '../typeahead.js';

const query = { search: '', status: '', country: '', group: '' };

export const statusBadge = (status) => h('span', { class: `badge status-${status}` }, t(`status.${status}`));

// A column of the workshop list for one of the office's own fields (its values come with each row,
// in the core's stored form: numbers as 12.5, dates as 2024-11-21, yes-no as yes or no).
const ownColumn = (f, i) => {
  const value = (r) => (r.fields && r.fields[f.name]) || '';
  const shown = (r) => {
    const v = value(r);
    if (!v) return '';
    if (f.type === 'yes-no') return v === 'yes' ? t('common.yes') : t('common.no');
    if (f.type === 'date') return formatDate(v);
    return v;
  };
  return {
    key: `own-${i}`,
    label: fieldLabel(f),
    numeric: f.type === 'number',
    width: '7rem',
    sort: (r) => (f.type === 'number' ? (value(r) === '' ? -Infinity : Number(value(r))) : value(r)),
    cell: shown,
    title: shown,
  };
};

export function mount(root, ctx) {
  if (ctx.status.empty) {
    replace(root, welcome(ctx));
    return { add: () => ctx.navigate('#/workshop/new') };
  }
  const count = h('span', { class: 'count', 'aria-live': 'polite' });
  const searchId = uid('search');
  const search = h('input', {
    id: searchId, type: 'search', value: query.search, placeholder: t('ws.search.placeholder'),
    dataset: { search: '' }, autocomplete: 'off', spellcheck: 'false',
  });
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { query.search = search.value; refresh(); }, 150);
  });
  const filter = (name, label, optionsList, find = null) => {
    const id = uid(name);
    const control = h('select', { id, onchange: () => { query[name] = control.value; refresh(); } },
      h('option', { value: '' }, t('common.all')),
      optionsList.map(([value, text]) => h('option', { value, selected: query[name] === value }, text)));
    const shown = find ? typeahead(control, { label, find, pickOnEnter: true }).el : control;
    return h('div', { class: 'control', dataset: { filter: name } }, h('label', { for: id }, label), shown);
  };
  const countrySlot = h('div', { class: 'control-slot' });
  const groupSlot = h('div', { class: 'control-slot' });

  const columns = [
      { key: 'code', label: t('field.code'), width: '8.2rem',
        cell: (r) => h('a', { href: `#/workshop/${encodeURIComponent(r.code)}`, class: 'code', 'aria-label': t('ws.open', { name: nameOf(r) }) }, r.code), title: (r) => r.code },
      { key: 'name', label: t('field.name'), sort: (r) => nameOf(r),
        cell: (r) => h('div', { class: 'two-line' }, h('span', { class: 'primary' }, nameOf(r)), h('span', { class: 'secondary' }, otherNameOf(r))),
        title: (r) => [nameOf(r), otherNameOf(r)].filter(Boolean).join(' · ') },
      { key: 'country', label: t('field.country'), width: '8.5rem', sort: (r) => (getLang() === 'zh' ? r.country_zh : r.country_en),
        cell: (r) => h('div', { class: 'two-line' }, h('span', { class: 'primary' }, getLang() === 'zh' ? r.country_zh : r.country_en), h('span', { class: 'secondary' }, r.city || '')),
        title: (r) => [getLang() === 'zh' ? r.country_zh : r.country_en, r.city].filter(Boolean).join(' · ') },
      { key: 'opened_year', label: t('field.opened'), numeric: true, width: '4.6rem', cell: (r) => String(r.opened_year) },
      { key: 'status', label: t('field.status'), width: '6.4rem', sort: (r) => STATUSES.indexOf(r.status), cell: (r) => statusBadge(r.status), title: (r) => t(`status.${r.status}`) },
      { key: 'majors', label: t('field.majors'), numeric: true, width: '4.8rem', cell: (r) => formatNumber(r.majors) },
      { key: 'students', label: t('field.students'), numeric: true, width: '5.8rem', cell: (r) => formatNumber(r.students) },
      { key: 'trainees', label: t('field.trainees'), numeric: true, width: '6rem', cell: (r) => formatNumber(r.trainees) },
  ];
  // The office's own fields marked "show in the list" are columns after ours; the table is made
  // once their definitions are known.
  const tableSlot = h('div', { class: 'fill' });
  let table = null;
  const ready = api.listFields().catch((error) => { showError(error); return []; }).then((defs) => {
    const shown = defs.filter((f) => f.kind === 'workshops' && f.in_list);
    table = virtualTable({
      label: t('ws.title'),
      rowHeight: 52,
      onOpen: (row) => ctx.navigate(`#/workshop/${encodeURIComponent(row.code)}`),
      columns: [...columns, ...shown.map((f, i) => ownColumn(f, i))],
    });
    replace(tableSlot, table.el);
  });

  replace(root,
    h('header', { class: 'page-head' },
      h('h1', {}, t('ws.title')), count, h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'button primary', onclick: () => ctx.navigate('#/workshop/new'), 'aria-keyshortcuts': 'Control+N' }, t('ws.add'))),
    h('div', { class: 'toolbar' },
      h('div', { class: 'control search-control' }, h('label', { for: searchId }, t('ws.search')), search),
      filter('status', t('ws.filter.status'), STATUSES.map((s) => [s, t(`status.${s}`)])),
      countrySlot, groupSlot),
    tableSlot);

  api.listCountries('').then((countries) => {
    const used = countries.filter((c) => c.workshops > 0 || c.iso2 === query.country)
      .map((c) => [c.iso2, getLang() === 'zh' ? c.name_zh : c.name_en])
      .sort((a, b) => a[1].localeCompare(b[1], getLang() === 'zh' ? 'zh-CN' : 'en'));
    replace(countrySlot, filter('country', t('ws.filter.country'), used, findCountries));
  }).catch(showError);
  api.listGroups().then((groups) => replace(groupSlot, filter('group', t('ws.filter.group'), groups.map((g) => [g, g])))).catch(showError);

  let ticket = 0;
  async function refresh() {
    const mine = ++ticket;
    try {
      const rows = await api.listWorkshops({
        search: query.search,
        status: query.status || null,
        country: query.country || null,
        group: query.group || null,
      });
      await ready;
      if (mine !== ticket) return;
      table.setRows(rows);
      replace(count, tn('ws.count', rows.length));
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return {
    focusSearch: () => { search.focus(); search.select(); },
    add: () => ctx.navigate('#/workshop/new'),
  };
}
