// The screen shown when the registry file cannot be opened: what happened, where the file is, and
// what to do. Nothing was written to the file.

import { h } from '../dom.js';
import { t, msgOf } from '../i18n.js';

const KNOWN = ['newer_schema', 'not_a_registry', 'integrity'];

export function startupProblem(status, languageSwitch) {
  const kind = KNOWN.includes(status.problem.kind) ? status.problem.kind : 'other';
  const details = status.problem.details || [];
  return h('div', { class: 'startup' },
    h('section', { class: 'startup-card', role: 'alert', 'aria-labelledby': 'startup-title' },
      h('img', { src: 'logo.svg', alt: '', width: 48, height: 48 }),
      h('h1', { id: 'startup-title' }, t('startup.title')),
      h('p', { class: 'lead', dataset: { kind: status.problem.kind } }, t(`startup.${kind}`)),
      h('p', {}, t(`startup.${kind}.todo`)),
      h('div', { class: 'where-block' },
        h('div', { class: 'where-label' }, t('startup.where')),
        h('code', { class: 'path' }, status.path || t('common.none'))),
      h('details', {},
        h('summary', {}, t('startup.details')),
        h('p', { class: 'mono small' }, msgOf(status.problem)),
        details.length ? h('ul', { class: 'mono small' }, details.map((d) => h('li', {}, d))) : null),
      languageSwitch));
}
