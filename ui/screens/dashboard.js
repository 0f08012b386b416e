// Dashboard: the headline figures of a selection (group, region, status, years) and the headline
// sentence in the current language; on an empty registry, how to begin.

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, getLang, formatNumber, REGIONS, STATUSES } from '../i18n.js';
import { showError } from '../modal.js';
import { welcome } from './welcome.js';

// The selection survives moving between screens, not restarts.
const selection = { group: '', region: '', status: '', from: '', to: '' };

export function mount(root, ctx) {
  if (ctx.status.empty) {
    replace(root, welcome(ctx));
    return {};
  }
  const figures = h('div', { class: 'figures', 'aria-live': 'polite' });
  const sentence = h('p', { class: 'sentence' });

  const select = (name, label, values, labelOf) => {
    const id = uid(name);
    const control = h('select', { id, onchange: () => { selection[name] = control.value; refresh(); } },
      h('option', { value: '' }, t('common.all')),
      values.map((v) => h('option', { value: v, selected: selection[name] === v }, labelOf(v))));
    return h('div', { class: 'control' }, h('label', { for: id }, label), control);
  };
  const year = (name, label) => {
    const id = uid(name);
    const control = h('input', { id, type: 'text', inputmode: 'numeric', maxlength: 4, value: selection[name], placeholder: '2016', class: 'year',
      oninput: () => {
        const v = control.value.trim();
        if (v === '' || /^\d{4}$/.test(v)) { selection[name] = v; refresh(); }
      } });
    return h('div', { class: 'control' }, h('label', { for: id }, label), control);
  };
  const groupSlot = h('div', { class: 'control-slot' });
  const reset = h('button', { type: 'button', class: 'button subtle', onclick: () => {
    Object.keys(selection).forEach((k) => { selection[k] = ''; });
    ctx.remount();
  } }, t('dash.reset'));

  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('dash.title'))),
    h('section', { class: 'panel selection', 'aria-label': t('dash.selection') },
      groupSlot,
      select('region', t('dash.region'), REGIONS, (r) => t(`region.${r}`)),
      select('status', t('dash.status'), STATUSES, (s) => t(`status.${s}`)),
      year('from', t('dash.from')),
      year('to', t('dash.to')),
      reset,
      h('p', { class: 'hint' }, t('dash.years.hint'))),
    figures,
    h('section', { class: 'panel sentence-panel', 'aria-label': t('dash.sentence') }, h('h2', {}, t('dash.sentence')), sentence));

  api.listGroups().then((groups) => {
    replace(groupSlot, select('group', t('dash.group'), groups, (g) => g));
  }).catch(showError);

  let pending = 0;
  async function refresh() {
    const ticket = ++pending;
    const query = {
      groups: selection.group ? [selection.group] : [],
      regions: selection.region ? [selection.region] : [],
      statuses: selection.status ? [selection.status] : [],
      from: selection.from ? Number(selection.from) : null,
      to: selection.to ? Number(selection.to) : null,
    };
    try {
      const result = await api.headline(query, getLang());
      if (ticket !== pending) return;
      const f = result.figures;
      const card = (key, value) => h('div', { class: 'figure' }, h('div', { class: 'figure-value' }, formatNumber(value)), h('div', { class: 'figure-label' }, t(key)));
      replace(figures,
        card('dash.workshops', f.workshops),
        card('dash.countries', f.countries),
        card('dash.majors', f.majors),
        card('dash.categories', f.major_categories),
        card('dash.students', f.degree_students),
        card('dash.trainees', f.trainees));
      replace(sentence, result.sentence);
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return {};
}
