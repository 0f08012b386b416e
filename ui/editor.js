// Editing one record in a dialog: its form, the core's messages beside the fields, and Delete,
// which asks first and reports what still uses the record.

import * as api from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { buildForm } from './forms.js';
import { confirmDialog, openDialog, showError, toast } from './modal.js';

// entity: the core's entity name; original: key fields of the record edited (null for a new one);
// describe: the record in words, for the delete question.
export function editRecord({ entity, title, fields, original, describe, onChanged }) {
  let dialog;
  const remove = original
    ? h('button', { type: 'button', class: 'button danger', onclick: async () => {
      try {
        await api.deletionImpact(entity, original);
      } catch (error) {
        showError(error);
        return;
      }
      const ok = await confirmDialog({
        title: t('del.title', { what: describe }),
        body: [h('p', {}, t('del.record.body', { what: describe })), h('p', { class: 'muted' }, t('del.undoFromHistory'))],
        confirmLabel: t('del.confirm'),
        danger: true,
      });
      if (!ok) return;
      try {
        await api.remove(entity, original, true);
        toast(t('common.deleted'));
        dialog.close();
        onChanged();
      } catch (error) {
        showError(error);
      }
    } }, t('common.delete'))
    : null;
  const form = buildForm({
    fields,
    extraActions: remove ? [remove] : [],
    onCancel: () => dialog.close(),
    onSubmit: async (values) => {
      await api.save(entity, original, values);
      toast(t('common.saved'));
      dialog.close();
      onChanged();
    },
  });
  dialog = openDialog({ title, body: [form.form], wide: true });
  form.focusFirst();
  return dialog;
}
