// Typeahead for a long <select> (countries, majors): a small search box beside it that narrows the
// select's options to the records the core's search finds by code or by name in either language
// ("UZ", "uzbek" or "乌兹" all find Uzbekistan), whatever the UI language. The <select> stays the
// control that holds the value, so forms and pickers read it as before.
//
// find(text) resolves to the values (codes) that match, in any order; the select keeps its own.

import * as api from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

// What the core's search finds (every word, any case, code or either name), as codes.
export const findCountries = (text) => api.listCountries(text).then((rows) => rows.map((c) => c.iso2));
export const findMajors = (text) => api.listMajors(text).then((rows) => rows.map((m) => m.code));

export function typeahead(select, { label, find, pickOnEnter = false, autoselect = false }) {
  // The options as first drawn; the placeholder (empty value) always stays.
  let all = [...select.options];
  const input = h('input', {
    type: 'search',
    class: 'typeahead-input',
    placeholder: t('typeahead.placeholder'),
    'aria-label': t('typeahead.label', { label }),
    title: t('typeahead.label', { label }),
    autocomplete: 'off',
    spellcheck: 'false',
    dataset: { typeahead: '' },
  });
  if (select.id) input.setAttribute('aria-controls', select.id);
  let ticket = 0;
  let timer = 0;

  const show = (options) => {
    const value = select.value;
    select.replaceChildren(...options);
    if (options.some((o) => o.value === value)) select.value = value;
  };

  async function narrow() {
    const text = input.value.trim();
    const mine = ++ticket;
    if (!text) {
      show(all);
      return;
    }
    let found;
    try {
      found = new Set((await find(text)).map(String));
    } catch (_) {
      return; // The search is a convenience; the full list stays.
    }
    if (mine !== ticket) return;
    const exact = text.toLowerCase();
    const matches = all.filter((o) => o.value !== '' && found.has(o.value));
    // A code typed in full comes first ("IN" is India, before Argentina or Indonesia).
    matches.sort((a, b) => Number(b.value.toLowerCase() === exact) - Number(a.value.toLowerCase() === exact));
    const placeholder = all.filter((o) => o.value === '');
    show([...placeholder, ...matches]);
    if (autoselect && matches.length > 0 && select.value !== matches[0].value) {
      select.value = matches[0].value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
    input.setAttribute('aria-invalid', matches.length === 0 ? 'true' : 'false');
  }

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(narrow, 80);
  };
  input.addEventListener('input', (event) => {
    if (!event.isComposing) later();
  });
  input.addEventListener('compositionend', later);
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    // Enter takes the first match; it never submits the form around it.
    event.preventDefault();
    clearTimeout(timer);
    narrow().then(() => {
      const first = [...select.options].find((o) => o.value !== '');
      if (!first || !input.value.trim()) return;
      if (pickOnEnter || select.value !== first.value) {
        select.value = first.value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
  });

  const el = h('div', { class: 'typeahead' }, input, select);
  return {
    el,
    input,
    // The owner redrew the select's options (a picker after a pick): take them all and start over.
    reset: () => {
      all = [...select.options];
      input.value = '';
      input.removeAttribute('aria-invalid');
      ++ticket;
    },
  };
}
