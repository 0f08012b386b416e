// One function per command of the shell (src-tauri/commands.rs). No screen calls invoke() itself.
//
// Every function returns a promise; a failure rejects with {kind, message, details}, where details
// holds field errors ({field, value, message}) or import problems ({file, line, column, value,
// message, severity}).

const invoke = (command, args) => {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    return Promise.reject({ kind: 'internal', message: 'the app shell is not available', details: [] });
  }
  return tauri.core.invoke(command, args).catch((error) => {
    // Errors from the shell are already {kind, message, details}; anything else is wrapped.
    if (error && typeof error === 'object' && 'kind' in error) throw error;
    throw { kind: 'internal', message: String(error), details: [] };
  });
};

export const appStatus = () => invoke('app_status');
export const appReady = () => invoke('app_ready');

export const headline = (selection, lang) => invoke('headline', { selection, lang });
export const listGroups = () => invoke('list_groups');

export const listWorkshops = (query) => invoke('list_workshops', { query });
export const getWorkshop = (code) => invoke('get_workshop', { code });
export const listAgreements = (query) => invoke('list_agreements', { query });
export const listDue = () => invoke('list_due');
export const attachDocument = (agreement, title) => invoke('attach_document', { agreement, title });
export const openDocument = (agreement, name) => invoke('open_document', { agreement, name });
export const detachDocument = (agreement, name) => invoke('detach_document', { agreement, name });
export const listCountries = (search) => invoke('list_countries', { search });
export const listMajors = (search) => invoke('list_majors', { search });
export const listCategories = () => invoke('list_categories');

// entity: 'workshops', 'countries', 'majors', 'major_categories', 'workshop_majors', 'enrolments',
// 'trainings'. original: the key fields of the record being edited, or null for a new one.
export const save = (entity, original, fields) => invoke('save', { entity, original, fields });
export const deletionImpact = (entity, key) => invoke('deletion_impact', { entity, key });
// Deletes a record and what goes with it; confirm must be true (the user agreed to the impact shown).
export const remove = (entity, key, confirm) => invoke('delete', { entity, key, confirm });

// Opens the native dialog (unless again) and returns what the import would do, or null if the user
// cancelled the dialog. Nothing is written until importConfirm.
// choices: {encoding, date_order, sheet, map: [[header, column]], ignore: [header]} (values only).
export const importPreview = ({ entity = null, folder = false, again = false, title, choices = null }) =>
  invoke('import_preview', { entity, folder, again, title, choices });
// A further page of the previewed import's problems: {problems, total}.
export const importProblems = (offset, limit) => invoke('import_problems', { offset, limit });
export const importConfirm = () => invoke('import_confirm');
export const importDiscard = () => invoke('import_discard');

export const exportEntity = (entity, chineseHeaders, title) =>
  invoke('export_entity', { entity, chineseHeaders, title });
export const exportAll = (chineseHeaders, title) => invoke('export_all', { chineseHeaders, title });

export const cancelTask = () => invoke('cancel_task');
export const taskProgress = () => invoke('task_progress');

// Briefing reports. selection: {groups, regions, countries, statuses, institutions, categories,
// from, to}; lang: 'en' | 'zh'; style: 'grouped' | 'plain' | 'wan' (null: the language's usual).
export const selectionOptions = () => invoke('selection_options');
// The registry's settings: {institution_zh, institution_en} (null when not set).
export const getSettings = () => invoke('get_settings');
export const saveSettings = (settings) => invoke('save_settings', { settings });
export const report = (selection, lang, style = null) => invoke('report', { selection, lang, style });
// [{kind, title, svg}] for the country, category and year charts; show svg only as an image.
// measure: 'workshops' (the default), 'majors', 'degree_students' or 'trainees'.
export const charts = (selection, lang, measure = 'workshops') => invoke('charts', { selection, lang, measure });
// figure: {measure: 'workshops'|'majors'|'degree_students'|'trainees', scope: {kind, value}}.
export const trace = (selection, figure) => invoke('trace', { selection, figure });

// The sample registry: what replacing would delete, and loading it (replace only after asking:
// confirm must then be true).
export const sampleReplaces = () => invoke('sample_replaces');
export const loadSample = (replace, confirm) => invoke('load_sample', { replace, confirm });

// format: 'xlsx' | 'html' | 'pdf' | 'csv' (a folder) | 'png' | 'svg' (chart: 'country'|'category'|'year').
// Opens the native save dialog; resolves null if the user cancelled it.
export const exportBriefing = ({ selection, format, chart = null, lang, title }) =>
  invoke('export_briefing', { selection, format, chart, lang, title });
// Shows the file last exported in the system's file manager.
export const revealLastExport = () => invoke('reveal_last_export');

// Backups, newest first: [{name, created, reason, bytes}]. A backup is named by its file name only.
export const listBackups = () => invoke('list_backups');
export const backupNow = () => invoke('backup_now');
// Replaces the registry with the backup `name` (the current state is backed up first); confirm
// must be true (the user was told what will be replaced).
export const restoreBackup = (name, confirm) => invoke('restore_backup', { name, confirm });
// Opens the native save dialog; resolves the path written, or null if the user cancelled.
export const saveBackupCopy = (title) => invoke('save_backup_copy', { title });

// The history's batches, newest first: [{id, at, user, source, added, updated, deleted, backup, recorded}].
export const listHistory = () => invoke('list_history');
// Undoes one batch (confirm must be true); rejects with kind 'undo_blocked' naming the later batch.
export const undoBatch = (batch, confirm) => invoke('undo_batch', { batch, confirm });

// Fields of the office's own: [{kind, name, type, label_zh, in_list, values}]. field:
// {name, type: 'text'|'number'|'date'|'yes-no', label_zh, in_list}. removeField needs confirm
// when records have a value (else it rejects with kind 'field_has_values').
export const listFields = () => invoke('list_fields');
export const addField = (entity, field) => invoke('add_field', { entity, field });
export const removeField = (entity, name, confirm) => invoke('remove_field', { entity, name, confirm });

// On the start-up screen of a damaged registry: restores the newest good backup it offers
// (status.problem.restore: {name, created}); confirm must be true. Resolves to that backup.
export const restoreNewestGoodBackup = (confirm) => invoke('restore_newest_good_backup', { confirm });

// One workshop's own history (its record changes and its figures'), newest first:
// [{at, batch, source, user, kind, key, op, changes}].
export const listWorkshopHistory = (code) => invoke('list_workshop_history', { code });
