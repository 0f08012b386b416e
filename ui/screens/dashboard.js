// Dashboard: the briefing report of a selection. Selection controls for every kind of filter, the
// scope in words, the headline figures and sentence, the three charts (drawn by the core as SVG,
// shown as images), the breakdown tables, a trace of the rows behind any figure, and the export of
// the briefing. On an empty registry, how to begin.
//
// Every figure comes from the core's report; this screen only lays it out.

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import {
  t, tn, getLang, formatNumber, formatDate, msgOf, nameOf, getNumberStyle, setNumberStyle, REGIONS, STATUSES,
} from '../i18n.js';
import { openDialog, showError } from '../modal.js';
import { welcome } from './welcome.js';
import { typeahead, findCountries } from '../typeahead.js';

// The selection survives moving between screens, not restarts.
const selection = { groups: [], regions: [], countries: [], statuses: [], institutions: [], categories: [], from: '', to: '' };
let activeTab = 'country';
let activeChart = 'country';
// What the country and category charts' bars measure (the core draws them; the year chart has lines).
const CHART_MEASURES = ['workshops', 'majors', 'degree_students', 'trainees'];
let chartMeasure = 'workshops';

// The selection as the core reads it.
const query = () => ({
  groups: [...selection.groups],
  regions: [...selection.regions],
  countries: [...selection.countries],
  statuses: [...selection.statuses],
  institutions: [...selection.institutions],
  categories: [...selection.categories],
  from: selection.from ? Number(selection.from) : null,
  to: selection.to ? Number(selection.to) : null,
});

const MEASURE_LABEL = {
  workshops: 'dash.col.workshops',
  majors: 'dash.col.majors',
  degree_students: 'dash.col.students',
  trainees: 'dash.col.trainees',
};

// "Due soon": what the core finds due today or within a month, soonest first, in the core's words.
function dueSoon() {
  const body = h('div', { class: 'due-list' }, h('p', { class: 'muted' }, t('common.loading')));
  const panel = h('section', { class: 'panel due-panel', 'aria-labelledby': 'due-title', dataset: { panel: 'due' } },
    h('h2', { id: 'due-title' }, t('due.title')), body);
  api.listDue().then((items) => {
    if (items.length === 0) {
      replace(body, h('p', { class: 'muted' }, t('due.none')));
      return;
    }
    replace(body, h('ul', { class: 'due-items' }, items.map((i) => h('li', { class: `due-item due-${i.kind}`, dataset: { key: i.key } },
      h('span', { class: 'due-date' }, formatDate(i.due)),
      h('span', { class: 'due-days' }, i.days < 0 ? t('due.overdue', { n: formatNumber(-i.days) }) : t('due.inDays', { n: formatNumber(i.days) })),
      h('span', { class: 'due-message' }, msgOf(i))))));
  }).catch((error) => replace(body, h('p', { class: 'field-error' }, msgOf(error))));
  return panel;
}

export function mount(root, ctx) {
  if (ctx.status.empty) {
    replace(root, welcome(ctx));
    return {};
  }
  const lang = getLang();
  const controls = h('div', { class: 'pickers' }, h('p', { class: 'muted' }, t('common.loading')));
  const scope = h('span', { class: 'scope-text' });
  const figures = h('div', { class: 'figures', 'aria-live': 'polite' });
  const sentence = h('p', { class: 'sentence' });
  const charts = h('div', { class: 'charts' });
  const tables = h('div', { class: 'breakdowns' });
  let current = null; // {query, view}
  let options = null;

  const exportButton = h('button', { type: 'button', class: 'button primary', dataset: { action: 'export' }, onclick: () => current && exportDialog(current) }, t('dash.export'));

  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('dash.title')), h('span', { class: 'spacer' }), exportButton),
    h('section', { class: 'panel selection', 'aria-label': t('dash.selection') },
      controls,
      h('p', { class: 'scope', 'aria-live': 'polite' }, h('span', { class: 'scope-label' }, t('dash.scope')), scope)),
    figures,
    h('section', { class: 'panel sentence-panel', 'aria-label': t('dash.sentence') },
      h('div', { class: 'sentence-head' }, h('h2', {}, t('dash.sentence')), lang === 'zh' ? styleSwitch(() => refresh()) : null),
      sentence,
      h('p', { class: 'hint' }, t('dash.traceHint'))),
    dueSoon(),
    h('section', { class: 'panel charts-section', 'aria-label': t('dash.charts') }, charts),
    h('section', { class: 'panel tables-panel', 'aria-label': t('dash.tables') }, tables));

  api.selectionOptions().then((found) => {
    options = found;
    drawControls();
  }).catch(showError);

  function drawControls() {
    const changed = () => refresh();
    const named = (list) => list.map((o) => ({ value: o.code, label: lang === 'zh' ? `${o.name_zh}` : o.name_en }));
    const categories = options.categories.map((c) => ({ value: c.code, label: `${c.code} ${lang === 'zh' ? c.name_zh : c.name_en}` }));
    const years = options.years;
    const yearSelect = (name, label) => {
      const control = h('select', { id: uid(name), class: 'year', 'aria-label': label, title: label, onchange: () => { selection[name] = control.value; changed(); } },
        h('option', { value: '' }, t('dash.anyYear')),
        years.map((y) => h('option', { value: String(y), selected: selection[name] === String(y) }, String(y))));
      return control;
    };
    const reset = h('button', { type: 'button', class: 'button subtle reset', onclick: () => {
      for (const k of Object.keys(selection)) selection[k] = Array.isArray(selection[k]) ? [] : '';
      drawControls();
      changed();
    } }, t('dash.reset'));
    replace(controls,
      picker('groups', t('dash.groups'), named(options.group_names), changed),
      picker('regions', t('dash.regions'), REGIONS.map((r) => ({ value: r, label: t(`region.${r}`) })), changed),
      picker('countries', t('dash.countries.pick'), named(options.countries), changed, findCountries),
      picker('statuses', t('dash.statuses'), STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })), changed),
      picker('institutions', t('dash.institutions'), options.institutions.map((i) => ({ value: i, label: i })), changed),
      picker('categories', t('dash.categoriesPick'), categories, changed),
      h('div', { class: 'control years', dataset: { pick: 'years' } },
        h('span', { class: 'control-label' }, t('dash.years')),
        h('div', { class: 'year-pair' }, yearSelect('from', t('dash.from')), h('span', { class: 'dash', 'aria-hidden': 'true' }, '–'), yearSelect('to', t('dash.to')))),
      h('div', { class: 'control reset-control' }, reset),
      h('p', { class: 'hint picker-hint' }, t('dash.years.hint')));
  }

  // How the core words countries for this selection ("国家和地区" when a region of China is among
  // them): the country tab, chart tab and column headers use it, never a wording of their own.
  let places = null;
  const placeWord = (which, key) => (places ? places[which][lang] : t(key));
  const placeTh = (which, key) => h('th', { scope: 'col', class: which === 'count' ? 'num' : null }, placeWord(which, key));

  let pending = 0;
  async function refresh() {
    const ticket = ++pending;
    const q = query();
    try {
      const [view, drawn] = await Promise.all([api.report(q, lang, getNumberStyle()), api.charts(q, lang, chartMeasure)]);
      if (ticket !== pending) return;
      current = { query: q, view };
      drawReport(view);
      drawCharts(drawn);
    } catch (error) {
      if (ticket === pending) showError(error);
    }
  }

  function drawReport(view) {
    const r = view.report;
    places = view.places;
    replace(scope, r.scope[lang]);
    const card = (measure, key, figure) => {
      const value = view.written[measure === 'categories' ? 'major_categories' : measure];
      // What the countries figure counts is the core's word ("Countries and regions / 国家和地区").
      const label = measure === 'countries' ? view.countries_label[lang] : t(key);
      const content = [h('span', { class: 'figure-value' }, value), h('span', { class: 'figure-label' }, label)];
      return figure
        ? h('button', { type: 'button', class: 'figure traceable', dataset: { measure }, title: t('dash.traceHint'),
          onclick: () => openTrace(figure, label) }, content)
        : h('div', { class: 'figure', dataset: { measure } }, content);
    };
    const all = { kind: 'all' };
    replace(figures,
      card('workshops', 'dash.workshops', { measure: 'workshops', scope: all }),
      card('countries', 'dash.countries', null),
      card('majors', 'dash.majors', { measure: 'majors', scope: all }),
      card('categories', 'dash.categories', null),
      card('degree_students', 'dash.students', { measure: 'degree_students', scope: all }),
      card('trainees', 'dash.trainees', { measure: 'trainees', scope: all }));
    replace(sentence, view.sentence);
    drawTables(r);
  }

  // One chart at a time, at the full width of the page, so its text reads at slide proportions.
  function drawCharts(drawn) {
    const measureId = uid('measure');
    const measure = h('select', { id: measureId, name: 'measure', onchange: () => { chartMeasure = measure.value; refresh(); } },
      CHART_MEASURES.map((m) => h('option', { value: m, selected: m === chartMeasure }, t(`dash.measure.${m}`))));
    const measureControl = h('div', { class: 'control inline chart-measure', dataset: { pick: 'measure' } },
      h('label', { for: measureId }, t('dash.measure')), measure);
    const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('dash.charts') },
      drawn.map((c) => h('button', {
        type: 'button', role: 'tab', class: 'tab', dataset: { chartTab: c.kind }, 'aria-selected': String(activeChart === c.kind),
        onclick: () => { activeChart = c.kind; drawCharts(drawn); },
      }, c.kind === 'country' ? placeWord('by', 'dash.chart.country') : t(`dash.chart.${c.kind}`))));
    replace(charts, measureControl, tabs, drawn.map((c) => {
      // The SVG is shown as an image: its text can never become markup or script in the page.
      const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(c.svg)}`;
      return h('figure', { class: `chart chart-${c.kind}`, dataset: { chart: c.kind }, hidden: activeChart !== c.kind, role: 'tabpanel' },
        h('img', { src, alt: c.title, width: 1280, height: 640 }),
        h('figcaption', { class: 'sr-only' }, c.title));
    }));
  }

  // A number in a table that opens its trace.
  const fig = (value, figure, label) =>
    h('td', { class: 'num' }, h('button', { type: 'button', class: 'fig', onclick: () => openTrace(figure, label) }, formatNumber(value)));
  const num = (value) => h('td', { class: 'num' }, formatNumber(value));
  const th = (key, numeric = false) => h('th', { scope: 'col', class: numeric ? 'num' : null }, t(key));

  function drawTables(r) {
    const tabs = [
      ['country', r.by_country.length],
      ['category', r.by_category.length],
      ['year', r.by_year.length],
      ['institution', r.by_institution.length],
      ['workshop', r.by_workshop.length],
    ];
    const panel = h('div', { class: 'tab-panel', role: 'tabpanel', id: 'breakdown-panel' });
    const list = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('dash.tables') },
      tabs.map(([id, n]) => h('button', {
        type: 'button', role: 'tab', class: 'tab', dataset: { tab: id }, 'aria-selected': String(activeTab === id), 'aria-controls': 'breakdown-panel',
        onclick: () => { activeTab = id; drawTables(r); },
      }, id === 'country' ? placeWord('by', 'dash.by.country') : t(`dash.by.${id}`), h('span', { class: 'tab-count' }, String(n)))));
    replace(panel, breakdown(r, activeTab));
    replace(tables, list, panel);
  }

  function breakdown(r, id) {
    const scoped = (kind, value, name) => (measure) => ({ figure: { measure, scope: { kind, value } }, label: `${t(MEASURE_LABEL[measure])} · ${name}` });
    const table = (head, rows, empty = 'dash.empty.rows') => rows.length === 0
      ? h('p', { class: 'empty-table' }, t(empty))
      : h('div', { class: 'breakdown-scroll' }, h('table', { class: 'data breakdown', dataset: { breakdown: id } }, h('thead', {}, h('tr', {}, head)), h('tbody', {}, rows)));
    const cell = (row, f, measure) => {
      const { figure, label } = f(measure);
      return fig(row, figure, label);
    };
    if (id === 'country') {
      return table(
        [placeTh('one', 'dash.col.country'), th('dash.col.workshops', true), th('dash.col.majors', true), th('dash.col.students', true), th('dash.col.trainees', true)],
        r.by_country.map((c) => {
          const name = lang === 'zh' ? c.name_zh : c.name_en;
          const f = scoped('country', c.iso2, name);
          return h('tr', {}, h('td', {}, name, h('span', { class: 'code-tag' }, c.iso2)),
            cell(c.workshops, f, 'workshops'), cell(c.majors, f, 'majors'), cell(c.degree_students, f, 'degree_students'), cell(c.trainees, f, 'trainees'));
        }));
    }
    if (id === 'category') {
      const body = table(
        [th('dash.col.category'), th('dash.col.workshops', true), th('dash.col.majors', true), th('dash.col.students', true)],
        r.by_category.map((c) => {
          const name = lang === 'zh' ? c.name_zh : c.name_en;
          const f = scoped('category', c.code, name);
          return h('tr', {}, h('td', {}, h('span', { class: 'code-tag lead' }, String(c.code)), name),
            cell(c.workshops, f, 'workshops'), cell(c.majors, f, 'majors'), cell(c.degree_students, f, 'degree_students'));
        }));
      return [body, h('p', { class: 'note' }, t('dash.note.category')),
        r.students_without_major ? h('p', { class: 'note' }, t('dash.note.withoutMajor', { n: formatNumber(r.students_without_major) })) : null];
    }
    if (id === 'year') {
      return table(
        [th('dash.col.year'), th('dash.col.students', true), th('dash.col.trainees', true), th('dash.col.cumStudents', true), th('dash.col.cumTrainees', true)],
        r.by_year.map((y) => {
          const f = scoped('year', y.year, String(y.year));
          return h('tr', {}, h('td', { class: 'year-cell' }, String(y.year)),
            cell(y.degree_students, f, 'degree_students'), cell(y.trainees, f, 'trainees'), num(y.cumulative_students), num(y.cumulative_trainees));
        }), 'dash.empty.years');
    }
    if (id === 'institution') {
      const body = table(
        [th('dash.col.institution'), th('dash.col.workshops', true), placeTh('count', 'dash.col.countries'), th('dash.col.majors', true), th('dash.col.students', true), th('dash.col.trainees', true)],
        r.by_institution.map((i) => {
          const f = scoped('institution', i.institution, i.institution);
          return h('tr', {}, h('td', {}, i.institution),
            cell(i.workshops, f, 'workshops'), num(i.countries), cell(i.majors, f, 'majors'), cell(i.degree_students, f, 'degree_students'), cell(i.trainees, f, 'trainees'));
        }));
      return [h('p', { class: 'note lead-note' }, t('dash.note.institution')), body];
    }
    return table(
      [th('dash.col.workshop'), placeTh('one', 'dash.col.country'), th('dash.col.opened', true), th('dash.col.status'), th('dash.col.majors', true), th('dash.col.students', true), th('dash.col.trainees', true)],
      r.by_workshop.map((w) => {
        const name = nameOf({ name_en: w.name_en, name_zh: w.name_zh, code: w.code });
        const f = scoped('workshop', w.code, name);
        return h('tr', {},
          h('td', {}, h('div', { class: 'two-line' }, h('a', { class: 'code', href: `#/workshop/${encodeURIComponent(w.code)}` }, w.code), h('span', { class: 'secondary' }, name))),
          h('td', {}, lang === 'zh' ? w.country_zh : w.country_en),
          h('td', { class: 'num' }, String(w.opened_year)),
          h('td', {}, h('span', { class: `badge status-${w.status}` }, t(`status.${w.status}`))),
          cell(w.majors, f, 'majors'), cell(w.degree_students, f, 'degree_students'), cell(w.trainees, f, 'trainees'));
      }));
  }

  async function openTrace(figure, label) {
    if (!current) return;
    try {
      const found = await api.trace(current.query, figure);
      traceDialog(found, label);
    } catch (error) {
      showError(error);
    }
  }

  refresh();
  return {};
}

// A multi-select as a list of chips and a menu of what is left to add; with find, a typeahead box.
function picker(name, label, options, onChange, find = null) {
  const id = uid(name);
  const labelOf = (v) => (options.find((o) => o.value === v) || { label: String(v) }).label;
  const select = h('select', { id });
  const chips = h('ul', { class: 'chips pick-chips', 'aria-label': label });
  const ta = find ? typeahead(select, { label, find, pickOnEnter: true }) : null;
  select.addEventListener('change', () => {
    const chosen = options.find((o) => String(o.value) === select.value);
    if (!chosen) return;
    selection[name].push(chosen.value);
    draw();
    onChange();
    select.focus();
  });
  function draw() {
    const left = options.filter((o) => !selection[name].includes(o.value));
    replace(select,
      h('option', { value: '' }, selection[name].length ? t('dash.add') : t('dash.noneChosen')),
      left.map((o) => h('option', { value: String(o.value) }, o.label)));
    select.disabled = left.length === 0;
    if (ta) ta.reset();
    replace(chips, selection[name].map((v) => h('li', { class: 'chip', dataset: { value: String(v) } },
      h('span', { class: 'chip-text' }, labelOf(v)),
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('dash.remove', { name: labelOf(v) }), onclick: () => {
        selection[name] = selection[name].filter((x) => x !== v);
        draw();
        onChange();
        select.focus();
      } }, '×'))));
  }
  draw();
  return h('div', { class: 'control picker', dataset: { pick: name } }, h('label', { for: id, class: 'control-label' }, label), ta ? ta.el : select, chips);
}

// 15000 or 1.5万, for Chinese figures; remembered.
function styleSwitch(onChange) {
  const style = getNumberStyle();
  const name = uid('style');
  const option = (value) => h('label', { class: 'segment' },
    h('input', { type: 'radio', name, value, checked: style === value, onchange: () => { setNumberStyle(value); onChange(); } }),
    h('span', {}, t(`dash.style.${value}`)));
  return h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('dash.numberStyle'), dataset: { control: 'number-style' } },
    h('span', { class: 'segmented-label' }, t('dash.numberStyle')), option('plain'), option('wan'));
}

// The rows behind a figure, with their total.
function traceDialog(found, label) {
  const rows = found.rows.rows;
  const col = (key, numeric = false) => h('th', { scope: 'col', class: numeric ? 'num' : null }, t(key));
  const td = (value, numeric = false) => h('td', { class: numeric ? 'num' : null }, value === null || value === undefined || value === '' ? t('common.none') : String(value));
  let head;
  let body;
  let sumColumn = null;
  switch (found.rows.kind) {
    case 'workshops':
      head = [col('trace.col.code'), col('trace.col.name'), col('trace.col.country'), col('trace.col.institution'), col('trace.col.opened', true), col('trace.col.status')];
      body = rows.map((w) => h('tr', {}, td(w.code), td(w.name_en), td(w.country), td(w.chinese_institution.split(';').join('; ')), td(w.opened_year, true), td(t(`status.${w.status}`))));
      break;
    case 'majors':
      head = [col('trace.col.code'), col('trace.col.name'), col('trace.col.category', true), col('trace.col.workshops', true)];
      body = rows.map((m) => h('tr', {}, td(m.code), td(nameOf(m)), td(m.category, true), td(formatNumber(m.workshops), true)));
      break;
    case 'enrolments':
      head = [col('trace.col.workshop'), col('trace.col.country'), col('trace.col.year', true), col('trace.col.major'), col('trace.col.level'), col('trace.col.students', true)];
      body = rows.map((e) => h('tr', {}, td(e.workshop), td(e.country), td(e.year, true), td(e.major), td(t(`level.${e.level}`)), td(formatNumber(e.students), true)));
      sumColumn = 5;
      break;
    default:
      head = [col('trace.col.workshop'), col('trace.col.country'), col('trace.col.year', true), col('trace.col.kind'), col('trace.col.trainees', true)];
      body = rows.map((r) => h('tr', {}, td(r.workshop), td(r.country), td(r.year, true), td(t(`kind.${r.kind}`)), td(formatNumber(r.trainees), true)));
      sumColumn = 4;
  }
  const foot = h('tfoot', {}, h('tr', {},
    h('th', { scope: 'row', colspan: sumColumn === null ? head.length - 1 : sumColumn }, t('trace.total')),
    h('td', { class: 'num trace-total' }, formatNumber(found.total)),
    sumColumn === null || sumColumn === head.length - 1 ? null : h('td', { colspan: head.length - sumColumn - 1 })));
  const notes = [];
  if (found.row_count > rows.length) notes.push(h('p', { class: 'note' }, t('trace.limited', { shown: formatNumber(rows.length), n: formatNumber(found.row_count) })));
  if (found.row_count === 0) {
    const onlyCategory = found.figure.measure === 'trainees' && found.figure.scope.kind === 'category';
    notes.push(h('p', { class: 'note' }, t(onlyCategory ? 'trace.category.trainees' : 'trace.none')));
  }
  const close = h('button', { type: 'button', class: 'button primary', onclick: () => d.close() }, t('common.close'));
  const d = openDialog({
    title: t('trace.title', { figure: label, value: formatNumber(found.total) }),
    wide: true,
    body: [
      h('p', { class: 'trace-count' }, tn('trace.count', found.row_count)),
      notes,
      rows.length ? h('div', { class: 'trace-scroll' }, h('table', { class: 'data trace', dataset: { kind: found.rows.kind } }, h('thead', {}, h('tr', {}, head)), h('tbody', {}, body), foot)) : null,
    ],
    actions: [close],
  });
  d.dialog.classList.add('trace-dialog');
  close.focus();
}

// Export briefing: the format, then the native save dialog (opened by the Rust side), then where
// it went and a way to show it in the file manager.
function exportDialog(current) {
  const lang = getLang();
  const formats = ['xlsx', 'html', 'pdf', 'csv', 'png', 'svg'];
  const name = uid('format');
  let format = 'xlsx';
  const chartId = uid('chart');
  const chart = h('select', { id: chartId, name: 'chart' },
    ['country', 'category', 'year'].map((k) => h('option', { value: k }, t(`dash.chart.${k}`))));
  const chartRow = h('div', { class: 'control inline chart-choice', hidden: true }, h('label', { for: chartId }, t('export.chart')), chart);
  const choice = (f) => h('label', { class: 'format-option' },
    h('input', { type: 'radio', name, value: f, checked: f === format, onchange: () => { format = f; chartRow.hidden = !(f === 'png' || f === 'svg'); } }),
    h('span', { class: 'format-text' }, h('span', { class: 'format-name' }, t(`export.${f}`)), h('span', { class: 'format-hint' }, t(`export.${f}.hint`))));
  // The institution's name, kept in the registry: the briefing's title and source line carry it.
  const institution = (key) => {
    const id = uid(key);
    const input = h('input', { id, name: key, type: 'text', autocomplete: 'organization' });
    return { input, row: h('div', { class: 'control' }, h('label', { for: id }, t(`export.${key}`)), input) };
  };
  const zh = institution('institution_zh');
  const en = institution('institution_en');
  api.getSettings().then((s) => {
    zh.input.value = s.institution_zh || '';
    en.input.value = s.institution_en || '';
  }).catch(showError);
  const cancel = h('button', { type: 'button', class: 'button', onclick: () => d.close() }, t('common.cancel'));
  const save = h('button', { type: 'button', class: 'button primary', dataset: { action: 'save' }, onclick: async () => {
    save.disabled = true;
    try {
      await api.saveSettings({ institution_zh: zh.input.value || null, institution_en: en.input.value || null });
      const saved = await api.exportBriefing({
        selection: current.query,
        format,
        chart: format === 'png' || format === 'svg' ? chart.value : null,
        lang,
        title: t('export.dialog'),
      });
      if (saved) done(saved);
    } catch (error) {
      showError(error);
    } finally {
      save.disabled = false;
    }
  } }, t('export.save'));
  const d = openDialog({
    title: t('export.title'),
    wide: true,
    body: [
      h('p', { class: 'export-scope' }, t('export.intro', { scope: current.view.report.scope[lang] })),
      h('fieldset', { class: 'formats' }, h('legend', {}, t('export.format')), formats.map(choice)),
      chartRow,
      h('fieldset', { class: 'institution', dataset: { settings: 'institution' } }, h('legend', {}, t('export.institution')), zh.row, en.row),
      h('p', { class: 'hint' }, t('export.lang', { lang: t(`lang.name.${lang}`) })),
    ],
    actions: [cancel, save],
  });
  d.dialog.classList.add('export-dialog');
  save.focus();

  function done(saved) {
    const reveal = h('button', { type: 'button', class: 'button', dataset: { action: 'reveal' }, onclick: () => api.revealLastExport().catch(showError) }, t('export.reveal'));
    const close = h('button', { type: 'button', class: 'button primary', onclick: () => d.close() }, t('common.close'));
    replace(d.body,
      h('div', { class: 'export-result result success' },
        h('p', {}, h('strong', {}, t('export.done'))),
        h('p', { class: 'path' }, t('export.savedTo', { path: saved.path })),
        saved.files.length > 1 ? [h('p', {}, tn('export.files', saved.files.length)), h('ul', { class: 'file-list' }, saved.files.map((f) => h('li', {}, f)))] : null));
    replace(d.footer, reveal, close);
    close.focus();
  }
}
