// Forms built from a list of fields, with the core's validation messages shown beside each field.

import { h, replace, uid } from './dom.js';
import { t, msgOf } from './i18n.js';
import { typeahead } from './typeahead.js';

// field: {name, label, type: 'text'|'number'|'decimal'|'select'|'textarea', options: [{value, label}],
//         required, hint, value, readonly, placeholder, wide,
//         find: for a long select, text -> promise of the matching values (a typeahead box)}
export function buildForm({ fields, onSubmit, submitLabel = t('common.save'), extraActions = [], onCancel }) {
  const controls = new Map();
  const errors = new Map();
  const general = h('div', { class: 'form-general', role: 'alert' });
  const rows = fields.map((f) => {
    const id = uid(`f-${f.name}`);
    const errorId = `${id}-error`;
    const hintId = f.hint ? `${id}-hint` : null;
    let control;
    if (f.type === 'select') {
      control = h('select', { id, name: f.name }, f.options.map((o) =>
        h('option', { value: o.value, selected: String(o.value) === String(f.value ?? '') }, o.label)));
    } else if (f.type === 'textarea') {
      control = h('textarea', { id, name: f.name, rows: 3, value: f.value ?? '' });
    } else {
      control = h('input', {
        id,
        name: f.name,
        type: 'text',
        inputmode: { number: 'numeric', decimal: 'decimal' }[f.type] || null,
        value: f.value ?? '',
        placeholder: f.placeholder || null,
        autocomplete: 'off',
        spellcheck: 'false',
      });
    }
    if (f.readonly) {
      control.readOnly = true;
      control.disabled = f.type === 'select';
    }
    if (f.required) control.setAttribute('aria-required', 'true');
    control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
    controls.set(f.name, control);
    const error = h('p', { class: 'field-error', id: errorId });
    errors.set(f.name, error);
    const shown = f.type === 'select' && f.find && !f.readonly
      ? typeahead(control, { label: f.label, find: f.find, autoselect: true }).el
      : control;
    return h('div', { class: f.wide ? 'field wide' : 'field', dataset: { field: f.name } },
      h('label', { for: id }, f.label, f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
      shown,
      f.hint ? h('p', { class: 'field-hint', id: hintId }, f.hint) : null,
      error);
  });
  const submit = h('button', { type: 'submit', class: 'button primary' }, submitLabel);
  const cancel = onCancel ? h('button', { type: 'button', class: 'button', onclick: onCancel }, t('common.cancel')) : null;
  const form = h('form', { class: 'form', novalidate: true },
    general,
    h('div', { class: 'form-grid' }, rows),
    h('div', { class: 'form-actions' }, extraActions, h('span', { class: 'spacer' }), cancel, submit));

  const values = () => {
    const out = {};
    for (const [name, control] of controls) out[name] = control.value;
    return out;
  };
  const clearErrors = () => {
    replace(general);
    for (const [name, el] of errors) {
      replace(el);
      controls.get(name).removeAttribute('aria-invalid');
    }
  };
  // Shows an error {kind, message, details}: field errors beside their fields, the rest on top.
  const showErrors = (error) => {
    clearErrors();
    const unplaced = [];
    let first = null;
    for (const d of error.details || []) {
      const el = d.field !== undefined ? errors.get(d.field) : null;
      if (el) {
        el.append(h('span', {}, msgOf(d)));
        const control = controls.get(d.field);
        control.setAttribute('aria-invalid', 'true');
        first = first || control;
      } else {
        unplaced.push(msgOf(d));
      }
    }
    if (error.kind !== 'invalid' || unplaced.length > 0) {
      replace(general, h('p', {}, error.kind === 'invalid' ? t('common.fixFields') : msgOf(error)),
        unplaced.length ? h('ul', {}, unplaced.map((m) => h('li', {}, m))) : null);
    } else {
      replace(general, h('p', {}, t('common.fixFields')));
    }
    (first || general).focus?.();
    // The whole field, message included, in view (focus alone shows only the control).
    const shown = first ? first.closest('.field') : general;
    if (shown && shown.scrollIntoView) shown.scrollIntoView({ block: 'nearest' });
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      clearErrors();
      await onSubmit(values());
    } catch (error) {
      showErrors(error);
    } finally {
      submit.disabled = false;
    }
  });
  const focusFirst = () => {
    const first = [...controls.values()].find((c) => !c.readOnly && !c.disabled);
    if (first) first.focus();
  };
  return { form, values, showErrors, clearErrors, controls, focusFirst };
}

export const options = (values, label, { empty } = {}) => [
  ...(empty !== undefined ? [{ value: '', label: empty }] : []),
  ...values.map((v) => ({ value: v, label: label(v) })),
];
