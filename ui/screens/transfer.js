// Import and export. Import: the native dialog chooses a file or folder, the app shows what it
// detected, what would change and every problem, and writes only when the user confirms.
// Export: one kind of record to a file, or everything to a folder, through the native dialog.

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, tn, formatNumber, msgOf, ENTITIES, FIELD_TYPES } from '../i18n.js';
import { confirmDialog, showError, toast, withProgress, detailList } from '../modal.js';

const delimiterName = (d) => ({ ',': t('io.delimiter.comma'), ';': t('io.delimiter.semicolon'), '\t': t('io.delimiter.tab') }[d] || d);

export function mount(root, ctx) {
  const kept = ctx.kept || {};
  let shownPreview = null;
  const previewArea = h('div', { class: 'preview-area', 'aria-live': 'polite' });
  const exportResult = h('p', { class: 'result', 'aria-live': 'polite' });

  const kindId = uid('kind');
  const kind = h('select', { id: kindId },
    h('option', { value: '' }, t('io.import.detect')),
    ENTITIES.map((e) => h('option', { value: e, selected: e === kept.kind }, t(`entity.${e}`))));

  // What the user chose in the preview for the file it shows (sent again with each preview of
  // that file; a new file starts with none). Values only: the shell keeps the path.
  let choices = kept.choices || noChoices();

  async function preview({ folder, again = false, entity = null }) {
    const asked = again ? choices : noChoices();
    try {
      const result = await withProgress(() => api.importPreview({
        entity: entity || kind.value || null,
        folder,
        again,
        title: folder ? t('io.import.dialogFolder') : t('io.import.dialogFile'),
        choices: asked,
      }));
      if (result) {
        choices = asked;
        showPreview(result);
      }
    } catch (error) {
      showError(error);
    }
  }

  // The same file again with one choice changed.
  const choose = (changes) => {
    choices = { ...choices, ...changes };
    return preview({ folder: !!(shownPreview && shownPreview.folder), again: true, entity: shownPreview && !shownPreview.folder ? shownPreview.entity : null });
  };

  function showPreview(p) {
    shownPreview = p;
    const problems = p.problems || [];
    const allWarnings = p.files.flatMap((f) => f.warnings || []);
    // How the file was read (title rows, 序号 columns, 合计 rows, columns mapped or left out) is
    // said in a list; the other warnings go in the table.
    const notes = allWarnings.filter((w) => NOTE_CODES.has(w.problem));
    const warnings = allWarnings.filter((w) => !NOTE_CODES.has(w.problem));
    const entityId = uid('entity');
    const entitySelect = p.folder ? null : h('select', { id: entityId, onchange: () => preview({ folder: false, again: true, entity: entitySelect.value || null }) },
      p.entity ? null : h('option', { value: '' }, ''),
      ENTITIES.map((e) => h('option', { value: e, selected: e === p.entity }, t(`entity.${e}`))));
    const cancel = async () => {
      await api.importDiscard().catch(() => {});
      shownPreview = null;
      replace(previewArea);
    };
    const confirm = async () => {
      try {
        const done = await withProgress(() => api.importConfirm());
        shownPreview = null;
        const sum = (k) => done.files.reduce((n, f) => n + f[k], 0);
        replace(previewArea);
        toast(t('io.imported', { added: formatNumber(sum('added')), updated: formatNumber(sum('updated')), unchanged: formatNumber(sum('unchanged')) }));
        replace(previewArea, h('p', { class: 'result success' }, t('io.imported', { added: formatNumber(sum('added')), updated: formatNumber(sum('updated')), unchanged: formatNumber(sum('unchanged')) })));
        offerUndo(done, ctx);
        await ctx.refreshStatus();
      } catch (error) {
        showError(error);
      }
    };
    const canImport = problems.length === 0 && p.files.length > 0;
    const fileRows = p.files.map((f) => h('tr', {},
      h('td', {}, f.file),
      h('td', {}, f.entity ? t(`entity.${f.entity}`) : ''),
      h('td', {}, f.detected ? [f.detected.encoding, f.detected.bom ? ` ${t('io.bom')}` : ''].join('') : ''),
      h('td', {}, f.detected ? delimiterName(f.detected.delimiter) : ''),
      h('td', { class: 'num' }, formatNumber(f.rows)),
      h('td', { class: 'num' }, formatNumber(f.added)),
      h('td', { class: 'num' }, formatNumber(f.updated)),
      h('td', { class: 'num' }, formatNumber(f.unchanged))));
    const problemTable = (list, label) => h('div', { class: 'problems-scroll' }, h('table', { class: 'data problems', 'aria-label': label },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('io.preview.file')),
        h('th', { scope: 'col', class: 'num' }, t('io.preview.line')),
        h('th', { scope: 'col' }, t('io.preview.column')),
        h('th', { scope: 'col' }, t('io.preview.value')),
        h('th', { scope: 'col' }, t('io.preview.message')))),
      h('tbody', {}, list.map((x) => h('tr', { class: x.severity === 'warning' ? 'warning' : 'error' },
        h('td', {}, x.file),
        h('td', { class: 'num' }, x.line ? String(x.line) : ''),
        h('td', { class: 'mono' }, x.column || ''),
        h('td', { class: 'mono value' }, x.value ?? ''),
        h('td', {}, msgOf(x)))))));
    // The problems the app holds (the first page, then each page "Show more problems" fetched
    // from the shell, which keeps every problem of the preview) and how many there are.
    const shown = [...problems];
    const total = p.problems_total || problems.length;
    const problemsBox = h('div', { class: 'problems-box' });
    const drawProblems = () => {
      const more = async () => {
        try {
          const page = await api.importProblems(shown.length, PROBLEMS_PAGE);
          shown.push(...page.problems);
          drawProblems();
        } catch (error) {
          showError(error);
        }
      };
      replace(problemsBox,
        total > shown.length ? h('p', { class: 'hint' }, t('io.preview.morePages', { shown: formatNumber(shown.length), total: formatNumber(total) })) : null,
        problemTable(shown, t('io.preview.message')),
        total > shown.length ? h('div', { class: 'button-row' }, h('button', { type: 'button', class: 'button more-problems', onclick: more }, t('io.preview.moreProblems'))) : null);
    };
    drawProblems();
    replace(previewArea, h('section', { class: 'panel preview', 'aria-labelledby': 'preview-title' },
      h('h2', { id: 'preview-title' }, t('io.preview', { name: p.name })),
      entitySelect ? h('div', { class: 'control inline' }, h('label', { for: entityId }, t('io.preview.entity')), entitySelect) : null,
      !p.folder && !p.entity ? h('p', { class: 'notice' }, t('io.preview.unknown')) : null,
      choiceControls(p, problems, choices, choose),
      p.files.length ? h('table', { class: 'data files' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('io.preview.file')),
          h('th', { scope: 'col' }, t('io.preview.entity')),
          h('th', { scope: 'col' }, t('io.preview.encoding')),
          h('th', { scope: 'col' }, t('io.preview.delimiter')),
          h('th', { scope: 'col', class: 'num' }, t('io.preview.rows')),
          h('th', { scope: 'col', class: 'num' }, t('io.preview.added')),
          h('th', { scope: 'col', class: 'num' }, t('io.preview.updated')),
          h('th', { scope: 'col', class: 'num' }, t('io.preview.unchanged')))),
        h('tbody', {}, fileRows)) : null,
      notes.length ? [h('h3', {}, t('io.preview.notes')), h('ul', { class: 'notes' }, notes.map((n) => h('li', {}, msgOf(n))))] : null,
      p.files.map((f) => firstRowsTable(f)),
      problems.length
        ? [h('p', { class: 'notice error', role: 'alert' }, tn('io.preview.problems', p.problems_total || problems.length)),
          problemsBox]
        : (p.files.length ? h('p', { class: 'notice ok' }, t('io.preview.ok')) : null),
      warnings.length ? [h('h3', {}, t('io.preview.warnings')), problemTable(warnings, t('io.preview.warnings'))] : null,
      changesTable(p.updates || []),
      h('div', { class: 'form-actions' }, h('span', { class: 'spacer' }),
        h('button', { type: 'button', class: 'button', onclick: cancel }, t('common.cancel')),
        h('button', { type: 'button', class: 'button primary', disabled: !canImport, onclick: confirm }, t('io.preview.confirm')))));
    const focusTarget = previewArea.querySelector('h2');
    if (focusTarget) { focusTarget.tabIndex = -1; focusTarget.focus(); }
  }

  const exportKindId = uid('export-kind');
  const exportKind = h('select', { id: exportKindId }, ENTITIES.map((e) => h('option', { value: e, selected: e === (kept.exportKind || 'workshops') }, t(`entity.${e}`))));
  const zhId = uid('zh');
  const zhHeaders = h('input', { id: zhId, type: 'checkbox', checked: !!kept.zhHeaders });
  const exportOne = async () => {
    try {
      const done = await withProgress(() => api.exportEntity(exportKind.value, zhHeaders.checked, t('io.export.dialogFile')), 'bytes');
      if (done) replace(exportResult, t('io.exported', { rows: tn('io.rows', done.files[0][1]), path: done.path }));
    } catch (error) {
      showError(error);
    }
  };
  const exportEverything = async () => {
    try {
      const done = await withProgress(() => api.exportAll(zhHeaders.checked, t('io.export.dialogFolder')), 'bytes');
      if (done) {
        const rows = done.files.reduce((n, f) => n + f[1], 0);
        replace(exportResult, t('io.exportedAll', { files: tn('io.files', done.files.length), rows: tn('io.rows', rows), path: done.path }));
      }
    } catch (error) {
      showError(error);
    }
  };

  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('io.title'))),
    h('div', { class: 'cards' },
      h('section', { class: 'panel', 'aria-labelledby': 'import-title' },
        h('h2', { id: 'import-title' }, t('io.import')),
        h('p', { class: 'muted' }, t('io.import.body')),
        h('div', { class: 'control' }, h('label', { for: kindId }, t('io.import.kind')), kind),
        h('div', { class: 'button-row' },
          h('button', { type: 'button', class: 'button primary', onclick: () => preview({ folder: false }) }, t('io.import.file')),
          h('button', { type: 'button', class: 'button', onclick: () => preview({ folder: true }) }, t('io.import.folder')))),
      h('section', { class: 'panel', 'aria-labelledby': 'export-title' },
        h('h2', { id: 'export-title' }, t('io.export')),
        h('p', { class: 'muted' }, t('io.export.body')),
        h('div', { class: 'control' }, h('label', { for: exportKindId }, t('io.export.what')), exportKind),
        h('div', { class: 'check' }, zhHeaders, h('label', { for: zhId }, t('io.export.zh'))),
        h('div', { class: 'button-row' },
          h('button', { type: 'button', class: 'button primary', onclick: exportOne }, t('io.export.one')),
          h('button', { type: 'button', class: 'button', onclick: exportEverything }, t('io.export.all'))),
        exportResult)),
    undoArea,
    previewArea);
  showUndo(undoArea, ctx);
  // The preview the shell still holds, drawn again in the new language.
  if (kept.preview) showPreview(kept.preview);
  return {
    keep: () => ({ preview: shownPreview, choices, kind: kind.value, exportKind: exportKind.value, zhHeaders: zhHeaders.checked }),
  };
}

export { detailList };

// How many problems "Show more problems" asks for at once (the core's page, ImportOutcome::PROBLEMS_PAGE).
const PROBLEMS_PAGE = 200;

// The value of an unknown column's option "new field of our own", followed by the field's type.
const NEW_FIELD = 'new-field:';

const noChoices = () => ({ encoding: null, date_order: null, sheet: null, map: [], ignore: [] });

// Warnings that say how the file was read rather than what may be wrong in it.
const NOTE_CODES = new Set(['title_rows_skipped', 'running_number_column', 'total_row', 'column_mapped', 'column_ignored', 'sheet_skipped']);

// A column's name with its label where the UI has one: "host_institution (Host institution (abroad))".
function columnName(name) {
  const label = t(`field.${name}`);
  return label === `field.${name}` ? name : `${name} (${label})`;
}

// The choices the core asked for, each re-running the preview: the workbook's sheet, the encoding
// it could not tell (its candidates), the order of an ambiguous date, and what each unknown column
// is (one of the kind's columns, left out, or, for workshops, a new field of the office's own of a
// type chosen here), explicitly.
function choiceControls(p, problems, choices, choose) {
  const controls = [];
  const select = (label, value, options, onchange) => {
    const id = uid('choice');
    const el = h('select', { id, onchange: () => onchange(el.value || null) },
      options.map(([v, text]) => h('option', { value: v, selected: (value || '') === v }, text)));
    controls.push(h('div', { class: 'control inline' }, h('label', { for: id }, label), el));
  };
  const sheets = p.sheets || [];
  if (sheets.length > 1) {
    select(t('io.preview.sheet'), choices.sheet, [['', t('io.preview.allSheets')], ...sheets.map((name) => [name, name])],
      (sheet) => choose({ sheet }));
  }
  const withChoices = (code) => problems.find((x) => x.problem === code && x.choices);
  const encoding = withChoices('uncertain_encoding');
  if (encoding || choices.encoding) {
    const candidates = encoding ? encoding.choices : [choices.encoding];
    select(t('io.preview.encodingChoice'), choices.encoding, [['', t('io.preview.choose')], ...candidates.map((c) => [c, c])],
      (chosen) => choose({ encoding: chosen }));
  }
  if (withChoices('ambiguous_date') || choices.date_order) {
    select(t('io.preview.dateOrder'), choices.date_order, [['', t('io.preview.choose')], ['dmy', t('io.preview.dmy')], ['mdy', t('io.preview.mdy')]],
      (order) => choose({ date_order: order }));
  }
  const unknown = [];
  for (const x of problems) {
    if (x.problem === 'unknown_column' && x.value && !unknown.some((u) => u.value === x.value)) unknown.push(x);
  }
  if (unknown.length) {
    // Only workshops have fields of the office's own (the core refuses others).
    const newFields = p.entity === 'workshops';
    const picks = new Map();
    const rows = unknown.map((x) => {
      const id = uid('column');
      const el = h('select', { id, 'data-header': x.value },
        h('option', { value: '' }, t('io.preview.choose')),
        h('option', { value: '-' }, t('io.preview.leaveOut')),
        (x.choices || []).map((c) => h('option', { value: c }, t('io.preview.readAs', { column: columnName(c) }))),
        newFields ? FIELD_TYPES.map((type) => h('option', { value: `${NEW_FIELD}${type}` }, t('io.preview.newField', { type: t(`ftype.${type}`) }))) : null);
      picks.set(x.value, el);
      return h('div', { class: 'control inline' }, h('label', { for: id, class: 'mono' }, x.value), el);
    });
    const apply = async () => {
      const map = choices.map.filter(([header]) => !picks.has(header));
      const ignore = choices.ignore.filter((header) => !picks.has(header));
      for (const [header, el] of picks) {
        if (el.value.startsWith(NEW_FIELD)) {
          // The core decides whether the name can be a field; once it is one, the next preview
          // reads the column as that field.
          try {
            await api.addField('workshops', { name: header, type: el.value.slice(NEW_FIELD.length), label_zh: null, in_list: false });
          } catch (error) {
            showError(error);
            return;
          }
        } else if (el.value === '-') ignore.push(header);
        else if (el.value) map.push([header, el.value]);
      }
      await choose({ map, ignore });
    };
    controls.push(h('fieldset', { class: 'column-choices' },
      h('legend', {}, t('io.preview.unknownColumns')),
      rows,
      h('div', { class: 'button-row' }, h('button', { type: 'button', class: 'button', onclick: apply }, t('io.preview.again')))));
  }
  return controls.length ? h('div', { class: 'preview-choices' }, controls) : null;
}

// The header and first rows of a file as the core decoded them (its cells already cut short and
// control characters escaped), so a file whose letters became "?" or mojibake is seen at once.
function firstRowsTable(f) {
  const rows = f.first_rows || [];
  if (rows.length === 0) return null;
  const [head, ...body] = rows;
  const label = t('io.preview.firstRows', { file: f.sheet ? `${f.file} [${f.sheet}]` : f.file });
  return [
    h('h3', {}, label),
    h('div', { class: 'problems-scroll' }, h('table', { class: 'data first-rows', 'aria-label': label },
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, body.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))))),
  ];
}

// "Undo this import": the batch of the last import made here (returned by the core), offered
// until it is undone, also after leaving the screen and coming back.
let lastImport = null;
const undoArea = h('div', { class: 'undo-import' });

function offerUndo(done, ctx) {
  if (done.batch !== null && done.batch !== undefined) lastImport = { batch: done.batch, name: done.name };
  showUndo(undoArea, ctx);
}

function showUndo(area, ctx) {
  if (!lastImport) {
    replace(area);
    return;
  }
  const offered = lastImport;
  const undo = async () => {
    const ok = await confirmDialog({
      title: t('io.undoImport.title'),
      body: [h('p', {}, t('io.undoImport.what', { name: offered.name })), h('p', {}, t('history.undo.safe'))],
      confirmLabel: t('io.undoImport'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.undoBatch(offered.batch, true);
      lastImport = null;
      replace(area);
      toast(t('history.undone'));
      await ctx.refreshStatus();
    } catch (error) {
      showError(error);
    }
  };
  replace(area, h('p', { class: 'button-row' },
    h('button', { type: 'button', class: 'button', dataset: { action: 'undo-import', batch: String(offered.batch) }, onclick: undo }, t('io.undoImport')),
    h('span', { class: 'muted' }, offered.name)));
}

// How many updated records the preview lists field by field; the rest are counted.
const CHANGES_SHOWN = 50;

// The records the import would update, each changing field with its old and new value, so a file
// whose Chinese turned into "?" is seen before anything is written.
function changesTable(updates) {
  if (updates.length === 0) return null;
  const rows = [];
  for (const u of updates.slice(0, CHANGES_SHOWN)) {
    for (const [field, [before, after]] of Object.entries(u.changes)) {
      rows.push(h('tr', {},
        h('td', { class: 'code' }, u.key),
        h('td', {}, field),
        h('td', { class: 'old' }, before),
        h('td', { class: 'new' }, after)));
    }
  }
  return [
    h('h3', {}, t('io.preview.changes', { n: formatNumber(updates.length) })),
    h('table', { class: 'data changes' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('io.preview.record')),
        h('th', { scope: 'col' }, t('io.preview.field')),
        h('th', { scope: 'col' }, t('io.preview.old')),
        h('th', { scope: 'col' }, t('io.preview.new')))),
      h('tbody', {}, rows)),
    updates.length > CHANGES_SHOWN ? h('p', { class: 'hint' }, t('io.preview.changes.more', { n: formatNumber(updates.length - CHANGES_SHOWN) })) : null,
  ];
}
