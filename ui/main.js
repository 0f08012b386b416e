// The app shell: navigation, routing between screens, language, keyboard shortcuts, and the screen
// shown instead when the registry file cannot be opened.

import * as api from './api.js';
import { h, replace, painted } from './dom.js';
import { t, msgOf, getLang, setLang, onLangChange } from './i18n.js';
import { showError } from './modal.js';
import * as dashboard from './screens/dashboard.js';
import * as workshops from './screens/workshops.js';
import * as workshop from './screens/workshop.js';
import * as countries from './screens/countries.js';
import * as majors from './screens/majors.js';
import * as transfer from './screens/transfer.js';
import * as agreements from './screens/agreements.js';
import * as backups from './screens/backups.js';
import * as historyScreen from './screens/history.js';
import * as fieldsScreen from './screens/fields.js';
import { startupProblem } from './screens/startup.js';

const app = document.getElementById('app');
let status = null;
let current = null;
let view = null;
let nav = null;

const routes = [
  { match: /^#\/workshop\/(.+)$/, screen: workshop, nav: 'workshops' },
  { match: /^#\/workshops$/, screen: workshops, nav: 'workshops' },
  { match: /^#\/countries$/, screen: countries, nav: 'countries' },
  { match: /^#\/majors$/, screen: majors, nav: 'majors' },
  { match: /^#\/transfer$/, screen: transfer, nav: 'transfer' },
  { match: /^#\/agreements$/, screen: agreements, nav: 'agreements' },
  { match: /^#\/backups$/, screen: backups, nav: 'backups' },
  { match: /^#\/history$/, screen: historyScreen, nav: 'history' },
  { match: /^#\/fields$/, screen: fieldsScreen, nav: 'fields' },
  { match: /^(#\/dashboard)?$/, screen: dashboard, nav: 'dashboard' },
];

const ctx = {
  get status() {
    return status;
  },
  navigate(hash, { replace: swap = false } = {}) {
    if (location.hash === hash) route();
    else if (swap) {
      history.replaceState(null, '', hash);
      route();
    } else location.hash = hash;
  },
  async refreshStatus() {
    status = await api.appStatus();
  },
  remount: () => route(),
  // While the language changes: what the screen kept of itself (its `keep()`), for its new mount.
  kept: null,
};

function languageSwitch() {
  const select = h('select', { id: 'lang', onchange: () => setLang(select.value) },
    h('option', { value: 'en', selected: getLang() === 'en', lang: 'en' }, 'English'),
    h('option', { value: 'zh', selected: getLang() === 'zh', lang: 'zh-CN' }, '简体中文'));
  return h('div', { class: 'lang-switch' }, h('label', { for: 'lang' }, t('lang.label')), select);
}

// The number of things due (the core's "Due soon"), beside Dashboard in the navigation; refreshed
// on every screen change, since an import or an edit may change it.
const dueCount = h('span', { class: 'nav-count', dataset: { count: 'due' }, hidden: true });
function refreshDueCount() {
  if (!status || status.problem) return;
  api.listDue().then((items) => {
    replace(dueCount, items.length ? String(items.length) : '');
    dueCount.hidden = items.length === 0;
    dueCount.setAttribute('aria-label', t('nav.dueCount', { n: items.length }));
  }).catch(() => { dueCount.hidden = true; });
}

function shell() {
  const link = (id, key) => h('a', { href: id === 'dashboard' ? '#/dashboard' : `#/${id}`, dataset: { nav: id } }, t(key));
  nav = h('nav', { class: 'nav', 'aria-label': t('nav.main') },
    link('dashboard', 'nav.dashboard'),
    link('workshops', 'nav.workshops'),
    link('countries', 'nav.countries'),
    link('majors', 'nav.majors'),
    link('agreements', 'nav.agreements'),
    link('transfer', 'nav.transfer'),
    link('backups', 'nav.backups'),
    link('history', 'nav.history'),
    link('fields', 'nav.fields'));
  nav.querySelector('[data-nav=dashboard]').append(' ', dueCount);
  view = h('main', { id: 'view', tabindex: '-1' });
  replace(app,
    h('aside', { class: 'sidebar' },
      h('div', { class: 'brand' }, h('img', { src: 'logo.svg', alt: '', width: 36, height: 36 }),
        h('div', {}, h('div', { class: 'brand-name' }, t('app.name')), h('div', { class: 'brand-sub' }, t('app.subtitle')))),
      nav,
      h('span', { class: 'spacer' }),
      // The core's warnings about where the registry is (a synced cloud folder), on every screen.
      ((status && status.warnings) || []).map((w) =>
        h('p', { class: 'notice', role: 'status', dataset: { warning: w.kind } }, msgOf(w))),
      languageSwitch()),
    view);
}

function route() {
  if (!view) return;
  const hash = location.hash;
  const found = routes.find((r) => r.match.test(hash)) || routes[routes.length - 1];
  const param = (hash.match(found.match) || [])[1];
  if (current && current.dispose) current.dispose();
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.nav === found.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  replace(view);
  view.className = `view view-${found.nav}`;
  view.scrollTop = 0;
  current = found.screen.mount(view, ctx, param ? decodeURIComponent(param) : undefined) || {};
  refreshDueCount();
}

document.addEventListener('keydown', (event) => {
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.altKey || document.querySelector('dialog[open]')) return;
  const key = event.key.toLowerCase();
  if (key === 'f' && current && current.focusSearch) {
    event.preventDefault();
    current.focusSearch();
  } else if (key === 'n' && current && current.add) {
    event.preventDefault();
    current.add();
  }
});

window.addEventListener('hashchange', route);

function render() {
  document.title = t('app.name');
  if (status.problem) {
    replace(app, startupProblem(status, languageSwitch(), async () => {
      status = await api.appStatus();
      render();
    }));
    return;
  }
  shell();
  route();
}

// A new language redraws every word, and keeps what is on screen: the screen hands over what it
// holds (typed values, an open import preview) and gets it back when drawn again.
onLangChange(() => {
  if (!status) return;
  const scroll = view ? view.scrollTop : 0;
  ctx.kept = current && current.keep ? current.keep() : null;
  try {
    render();
  } finally {
    ctx.kept = null;
  }
  if (view) painted().then(() => { view.scrollTop = scroll; });
});

async function start() {
  performance.mark('luban-start');
  try {
    status = await api.appStatus();
    performance.mark('luban-status');
  } catch (error) {
    status = { problem: { kind: error.kind, message: error.message, message_zh: error.message_zh, details: [] }, path: null };
  }
  render();
  performance.mark('luban-rendered');
  await painted();
  performance.mark('luban-painted');
  try {
    const ms = await api.appReady();
    // Since launch (the app's main), and since the page began loading, for docs/performance.md.
    document.body.dataset.readyMs = String(ms);
    document.body.dataset.pageMs = String(Math.round(performance.now()));
  } catch (error) {
    showError(error);
  }
}

start();
