// What an empty registry shows instead of empty tables: how to begin.

import { h } from '../dom.js';
import { t } from '../i18n.js';

export function welcome(ctx) {
  return h('section', { class: 'welcome', 'aria-labelledby': 'welcome-title' },
    h('h1', { id: 'welcome-title' }, t('welcome.title')),
    h('p', { class: 'lead' }, t('welcome.body')),
    h('div', { class: 'welcome-ways' },
      h('div', { class: 'way' },
        h('h2', {}, t('welcome.import.title')),
        h('p', {}, t('welcome.import.body')),
        h('button', { type: 'button', class: 'button primary', onclick: () => ctx.navigate('#/transfer') }, t('welcome.import.action'))),
      h('div', { class: 'way' },
        h('h2', {}, t('welcome.add.title')),
        h('p', {}, t('welcome.add.body')),
        h('button', { type: 'button', class: 'button primary', onclick: () => ctx.navigate('#/workshop/new') }, t('welcome.add.action')))),
    // Reserved for "Load sample registry" (reports and samples, issue of the reports work).
    h('div', { class: 'welcome-extra', id: 'welcome-sample-slot', dataset: { slot: 'sample' } }),
    ctx.status.path ? h('p', { class: 'where' }, t('welcome.where', { path: ctx.status.path })) : null);
}
