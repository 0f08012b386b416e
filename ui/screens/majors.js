// Majors and their categories: browse, search, add, edit and delete (a major still taught, or a
// category with majors, cannot be deleted).

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, tn, formatNumber, getLang, nameOf } from '../i18n.js';
import { showError } from '../modal.js';
import { editRecord } from '../editor.js';
import { virtualTable } from '../table.js';

let search = '';

export function mount(root, ctx) {
  let categories = [];
  const count = h('span', { class: 'count', 'aria-live': 'polite' });
  const searchId = uid('search');
  const input = h('input', { id: searchId, type: 'search', value: search, placeholder: t('majors.search.placeholder'), dataset: { search: '' }, autocomplete: 'off' });
  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { search = input.value; refresh(); }, 120);
  });
  const categoryName = (c) => (getLang() === 'zh' ? c.name_zh : c.name_en);
  const editMajor = (m) => editRecord({
    entity: 'majors',
    title: m ? t('majors.edit') : t('majors.new'),
    original: m ? { code: m.code } : null,
    describe: m ? `${m.code} ${nameOf(m)}` : '',
    fields: [
      { name: 'code', label: t('field.code'), required: true, value: m?.code, placeholder: '460301' },
      { name: 'category', label: t('field.category'), type: 'select', required: true, value: m ? String(m.category) : '',
        options: [{ value: '', label: '' }, ...categories.map((c) => ({ value: String(c.code), label: `${c.code} · ${categoryName(c)}` }))] },
      { name: 'name_en', label: t('field.name_en'), value: m?.name_en },
      { name: 'name_zh', label: t('field.name_zh'), value: m?.name_zh },
    ],
    onChanged: refresh,
  });
  const editCategory = (c) => editRecord({
    entity: 'major_categories',
    title: t('categories.edit'),
    original: { code: String(c.code) },
    describe: `${c.code} ${categoryName(c)}`,
    fields: [
      { name: 'code', label: t('field.code'), required: true, value: String(c.code), readonly: true },
      { name: 'name_en', label: t('field.name_en'), required: true, value: c.name_en },
      { name: 'name_zh', label: t('field.name_zh'), required: true, value: c.name_zh },
    ],
    onChanged: refresh,
  });
  const majors = virtualTable({
    label: t('majors.title'),
    rowHeight: 44,
    onOpen: editMajor,
    emptyText: t('majors.empty'),
    columns: [
      { key: 'code', label: t('field.code'), width: '7.5rem', cell: (m) => h('button', { type: 'button', class: 'link code', onclick: () => editMajor(m) }, m.code) },
      { key: 'name', label: t('field.name'), sort: (m) => nameOf(m), cell: (m) => nameOf(m) },
      { key: 'category', label: t('field.category'), sort: (m) => m.category, cell: (m) => `${m.category} · ${getLang() === 'zh' ? m.category_zh : m.category_en}` },
      { key: 'workshops', label: t('field.workshops'), numeric: true, width: '6.5rem', cell: (m) => formatNumber(m.workshops) },
    ],
  });
  const categoryTable = virtualTable({
    label: t('categories.title'),
    rowHeight: 40,
    onOpen: editCategory,
    columns: [
      { key: 'code', label: t('field.code'), width: '5rem', cell: (c) => h('button', { type: 'button', class: 'link code', onclick: () => editCategory(c) }, String(c.code)) },
      { key: 'name', label: t('field.name'), sort: categoryName, cell: categoryName },
      { key: 'majors', label: t('field.majors'), numeric: true, width: '6rem', cell: (c) => formatNumber(c.majors) },
    ],
  });
  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('majors.title')), count, h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'button primary', onclick: () => editMajor(null), 'aria-keyshortcuts': 'Control+N' }, t('majors.add'))),
    h('div', { class: 'toolbar' }, h('div', { class: 'control search-control' }, h('label', { for: searchId }, t('majors.search')), input)),
    h('div', { class: 'split fill' },
      h('section', { class: 'split-main', 'aria-label': t('majors.title') }, majors.el),
      h('section', { class: 'split-side', 'aria-labelledby': 'categories-title' }, h('h2', { id: 'categories-title' }, t('categories.title')), categoryTable.el)));
  async function refresh() {
    try {
      const [rows, cats] = await Promise.all([api.listMajors(search), api.listCategories()]);
      categories = cats;
      majors.setRows(rows);
      categoryTable.setRows(cats);
      replace(count, tn('majors.count', rows.length));
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return { focusSearch: () => { input.focus(); input.select(); }, add: () => editMajor(null) };
}
