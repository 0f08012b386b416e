// The office's own fields: the list of fields defined beside the registry's columns (name,
// Chinese label, type, whether the workshop list shows it, how many workshops have a value), a
// form to add one and "Remove", which asks first when workshops have a value. The rules (names
// that clash, types) are the core's; its messages are shown beside the form's fields (the core
// names them field_name, field_type and label_zh).

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t, tn, formatNumber, getLang, FIELD_TYPES } from '../i18n.js';
import { buildForm, options } from '../forms.js';
import { confirmDialog, showError, toast } from '../modal.js';

// A field's header as the user reads it: the Chinese label in Chinese, when it has one.
export const fieldLabel = (f) => (getLang() === 'zh' && f.label_zh ? f.label_zh : f.name);

export function mount(root) {
  const body = h('tbody');
  const count = h('span', { class: 'count', 'aria-live': 'polite' });
  const form = buildForm({
    submitLabel: t('fields.add'),
    fields: [
      { name: 'field_name', label: t('fields.name'), required: true, hint: t('fields.name.hint') },
      { name: 'label_zh', label: t('fields.label_zh'), hint: t('fields.label_zh.hint') },
      { name: 'field_type', label: t('fields.type'), type: 'select', required: true, value: 'text', options: options(FIELD_TYPES, (x) => t(`ftype.${x}`)) },
      { name: 'in_list', label: t('fields.in_list'), type: 'select', value: 'no', options: [{ value: 'no', label: t('common.no') }, { value: 'yes', label: t('common.yes') }] },
    ],
    onSubmit: async (values) => {
      await api.addField('workshops', {
        name: values.field_name,
        type: values.field_type,
        label_zh: values.label_zh || null,
        in_list: values.in_list === 'yes',
      });
      toast(t('fields.added'));
      form.controls.get('field_name').value = '';
      form.controls.get('label_zh').value = '';
      await refresh();
    },
  });
  form.form.setAttribute('aria-label', t('fields.add'));

  const remove = async (f) => {
    if (f.values > 0) {
      const ok = await confirmDialog({
        title: t('fields.remove.title', { name: fieldLabel(f) }),
        body: [h('p', {}, tn('fields.remove.what', f.values)), h('p', {}, t('fields.remove.safe'))],
        confirmLabel: t('fields.remove'),
        danger: true,
      });
      if (!ok) return;
    }
    try {
      await api.removeField(f.kind, f.name, f.values > 0);
      toast(t('fields.removed'));
    } catch (error) {
      showError(error);
    }
    await refresh();
  };

  replace(root,
    h('header', { class: 'page-head' }, h('h1', {}, t('fields.title')), count),
    h('p', { class: 'hint' }, t('fields.intro')),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data fields-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('fields.name')),
          h('th', { scope: 'col' }, t('fields.label_zh')),
          h('th', { scope: 'col' }, t('fields.type')),
          h('th', { scope: 'col' }, t('fields.in_list')),
          h('th', { scope: 'col', class: 'num' }, t('fields.values')),
          h('th', { scope: 'col' }, t('common.actions')))),
        body)),
    h('section', { class: 'panel' }, h('h2', {}, t('fields.add')), form.form));

  async function refresh() {
    try {
      const list = await api.listFields();
      replace(count, tn('fields.count', list.length));
      replace(body, list.length === 0
        ? h('tr', {}, h('td', { colspan: 6 }, t('fields.none')))
        : list.map((f) => h('tr', { dataset: { field: f.name } },
          h('td', {}, f.name),
          h('td', {}, f.label_zh || ''),
          h('td', {}, t(`ftype.${f.type}`)),
          h('td', {}, f.in_list ? t('common.yes') : t('common.no')),
          h('td', { class: 'num' }, formatNumber(f.values)),
          h('td', {}, h('button', { type: 'button', class: 'button', dataset: { action: 'remove-field' }, onclick: () => remove(f) }, t('fields.remove'))))));
    } catch (error) {
      showError(error);
    }
  }
  refresh();
  return {};
}
