// Countries: browse, search, add, edit and delete (a country with workshops cannot be deleted).

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, tn, formatNumber, getLang, REGIONS } from '../i18n.js';
import { options } from '../forms.js';
import { showError } from '../modal.js';
import { editRecord } from '../editor.js';
import { virtualTable } from '../table.js';

let search = '';

export function mount(root, ctx) {
  const count = h('span', { class: 'count', 'aria-live': 'polite' });
  const searchId = uid('search');
  const input = h('input', { id: searchId, type: 'search', value: search, placeholder: t('countries.search.placeholder'), dataset: { search: '' }, autocomplete: 'off' });
  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { search = input.value; refresh(); }, 120);
  });
  const edit = (c) => editRecord({
    entity: 'countries',
    title: c ? t('countries.edit') : t('countries.new'),
    original: c ? { iso2: c.iso2 } : null,
    describe: c ? `${getLang() === 'zh' ? c.name_zh : c.name_en} (${c.iso2})` : '',
    fields: [
      { name: 'iso2', label: t('field.iso2'), required: true, value: c?.iso2, readonly: !!c },
      { name: 'iso3', label: t('field.iso3'), required: true, value: c?.iso3 },
      { name: 'name_en', label: t('field.name_en'), required: true, value: c?.name_en },
      { name: 'name_zh', label: t('field.name_zh'), required: true, value: c?.name_zh },
      { name: 'region', label: t('field.region'), type: 'select', value: c?.region || '', options: options(REGIONS, (r) => t(`region.${r}`), { empty: t('common.none') }) },
      { name: 'groups', label: t('field.groups'), value: c ? c.groups.join(';') : '', hint: t('field.groups.hint') },
    ],
    onChanged: refresh,
  });
  const table = virtualTable({
    label: t('countries.title'),
    rowHeight: 44,
    onOpen: edit,
    columns: [
      { key: 'iso2', label: t('field.code'), width: '6rem', cell: (c) => h('button', { type: 'button', class: 'link code', onclick: () => edit(c) }, c.iso2) },
      { key: 'iso3', label: 'ISO3', width: '5.5rem' },
      { key: 'name', label: t('field.name'), sort: (c) => (getLang() === 'zh' ? c.name_zh : c.name_en), cell: (c) => (getLang() === 'zh' ? c.name_zh : c.name_en) },
      { key: 'other', label: getLang() === 'zh' ? t('field.name_en') : t('field.name_zh'), sort: (c) => (getLang() === 'zh' ? c.name_en : c.name_zh), cell: (c) => (getLang() === 'zh' ? c.name_en : c.name_zh) },
      { key: 'region', label: t('field.region'), width: '8rem', cell: (c) => (c.region ? t(`region.${c.region}`) : t('common.none')) },
      { key: 'groups', label: t('field.groups'), width: '10rem', sort: (c) => c.groups.join(' '), cell: (c) => c.groups.join(', ') },
      { key: 'workshops', label: t('field.workshops'), numeric: true, width: '6.5rem', cell: (c) => formatNumber(c.workshops) },
    ],
  });
  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('countries.title')), count, h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'button primary', onclick: () => edit(null), 'aria-keyshortcuts': 'Control+N' }, t('countries.add'))),
    h('div', { class: 'toolbar' }, h('div', { class: 'control search-control' }, h('label', { for: searchId }, t('countries.search')), input)),
    h('div', { class: 'fill' }, table.el));
  async function refresh() {
    try {
      const rows = await api.listCountries(search);
      table.setRows(rows);
      // The core marks regions of China: a list with one counts "countries and regions".
      const regions = rows.filter((c) => c.region_of_china).length;
      const key = regions === 0 ? 'countries.count' : regions === rows.length ? 'countries.count.regionsOnly' : 'countries.count.regions';
      replace(count, tn(key, rows.length));
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return { focusSearch: () => { input.focus(); input.select(); }, add: () => edit(null) };
}
