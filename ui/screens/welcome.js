// What an empty registry shows instead of empty tables: how to begin, including loading the sample
// registry of real Luban Workshops in one click.

import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tn } from '../i18n.js';
import { confirmDialog, showError, toast } from '../modal.js';

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
    h('div', { class: 'welcome-extra', id: 'welcome-sample-slot', dataset: { slot: 'sample' } }, sampleWay(ctx)),
    ctx.status.path ? h('p', { class: 'where' }, t('welcome.where', { path: ctx.status.path })) : null);
}

function sampleWay(ctx) {
  const button = h('button', { type: 'button', class: 'button primary', id: 'load-sample', onclick: () => loadSample(ctx, button) }, t('welcome.sample.action'));
  return h('div', { class: 'way sample-way' },
    h('div', { class: 'sample-text' }, h('h2', {}, t('welcome.sample.title')), h('p', {}, t('welcome.sample.body'))),
    button);
}

// Loads the sample; if the registry has workshops by now (added elsewhere), says what replacing
// would delete and replaces only when the user agrees.
async function loadSample(ctx, button) {
  button.disabled = true;
  try {
    let outcome = await api.loadSample(false, false);
    if (outcome.outcome === 'refused') {
      const goes = await api.sampleReplaces();
      const yes = await confirmDialog({
        title: t('sample.replace.title'),
        body: [
          h('p', {}, t('sample.replace.body')),
          h('ul', { class: 'impact' },
            ['workshops', 'majors', 'enrolments', 'trainings', 'agreements', 'contacts', 'documents']
              // The partnership's records are named only when there are some.
              .filter((k) => ['workshops', 'majors', 'enrolments', 'trainings'].includes(k) || goes[k] > 0)
              .map((k) => h('li', {}, tn(`sample.replace.${k}`, goes[k])))),
          h('p', {}, t('sample.replace.keeps')),
        ],
        confirmLabel: t('sample.replace.confirm'),
        danger: true,
      });
      if (!yes) return;
      outcome = await api.loadSample(true, true);
    }
    await ctx.refreshStatus();
    toast(t('welcome.sample.loaded'));
    ctx.navigate('#/dashboard', { replace: true });
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}
