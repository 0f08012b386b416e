// Import and export. Import: the native dialog chooses a file or folder, the app shows what it
// detected, what would change and every problem, and writes only when the user confirms.
// Export: one kind of record to a file, or everything to a folder, through the native dialog.

import * as api from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t, tn, formatNumber, msgOf, ENTITIES } from '../i18n.js';
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

  async function preview({ folder, again = false, entity = null }) {
    try {
      const result = await withProgress(() => api.importPreview({
        entity: entity || kind.value || null,
        folder,
        again,
        title: folder ? t('io.import.dialogFolder') : t('io.import.dialogFile'),
      }));
      if (result) showPreview(result);
    } catch (error) {
      showError(error);
    }
  }

  function showPreview(p) {
    shownPreview = p;
    const problems = p.problems || [];
    const warnings = p.files.flatMap((f) => f.warnings || []);
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
    replace(previewArea, h('section', { class: 'panel preview', 'aria-labelledby': 'preview-title' },
      h('h2', { id: 'preview-title' }, t('io.preview', { name: p.name })),
      entitySelect ? h('div', { class: 'control inline' }, h('label', { for: entityId }, t('io.preview.entity')), entitySelect) : null,
      !p.folder && !p.entity ? h('p', { class: 'notice' }, t('io.preview.unknown')) : null,
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
      problems.length
        ? [h('p', { class: 'notice error', role: 'alert' }, tn('io.preview.problems', problems.length)),
          problemTable(problems, t('io.preview.message'))]
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
    keep: () => ({ preview: shownPreview, kind: kind.value, exportKind: exportKind.value, zhHeaders: zhHeaders.checked }),
  };
}

export { detailList };

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
