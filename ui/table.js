// A sortable table that renders only the rows in view, so thousands of rows stay fast.
//
// column: {key, label, numeric, width, sort: row => value, cell: row => Node|string, title: row => string}

import { h, replace } from './dom.js';
import { t } from './i18n.js';

const BUFFER = 8;

export function virtualTable({ columns, rowHeight = 52, label, onOpen, emptyText }) {
  let rows = [];
  let sorted = [];
  let sortKey = null;
  let sortDir = 1;
  let frame = 0;

  const headCells = columns.map((c) => {
    const button = h('button', { type: 'button', class: 'sort', onclick: () => sortBy(c.key) }, c.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
    return h('th', { scope: 'col', class: c.numeric ? 'num' : null, dataset: { key: c.key } }, c.sort === false ? c.label : button);
  });
  const colgroup = h('colgroup', {}, columns.map((c) => h('col', { class: `col-${c.key}` })));
  columns.forEach((c, i) => { if (c.width) colgroup.children[i].style.width = c.width; });
  const tbody = h('tbody');
  const table = h('table', { class: 'data virtual', 'aria-label': label, 'aria-rowcount': 0 }, colgroup, h('thead', {}, h('tr', {}, headCells)), tbody);
  const empty = h('p', { class: 'empty-table', hidden: true }, emptyText || t('common.noMatch'));
  const scroller = h('div', { class: 'table-scroll' }, table, empty);

  const spacer = (height) => {
    const tr = h('tr', { class: 'spacer', 'aria-hidden': 'true' }, h('td', { colspan: columns.length }));
    tr.style.height = `${height}px`;
    return tr;
  };

  const renderRow = (row, index) => {
    const tr = h('tr', { class: 'row', 'aria-rowindex': index + 2 });
    tr.style.height = `${rowHeight}px`;
    for (const c of columns) {
      const content = c.cell ? c.cell(row) : row[c.key];
      const td = h('td', { class: c.numeric ? 'num' : null }, content instanceof Node ? content : String(content ?? ''));
      const title = c.title ? c.title(row) : (typeof content === 'string' ? content : null);
      if (title) td.title = title;
      tr.append(td);
    }
    if (onOpen) {
      tr.addEventListener('click', (event) => {
        if (event.target.closest('a, button, input, select')) return;
        onOpen(row);
      });
    }
    return tr;
  };

  const render = () => {
    frame = 0;
    const headHeight = table.tHead ? table.tHead.offsetHeight : 0;
    const top = Math.max(0, scroller.scrollTop - headHeight);
    const view = scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / rowHeight) - BUFFER);
    const last = Math.min(sorted.length, Math.ceil((top + view) / rowHeight) + BUFFER);
    const parts = [];
    if (first > 0) parts.push(spacer(first * rowHeight));
    for (let i = first; i < last; i++) parts.push(renderRow(sorted[i], i));
    if (last < sorted.length) parts.push(spacer((sorted.length - last) * rowHeight));
    replace(tbody, parts);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(render);
  };
  scroller.addEventListener('scroll', schedule, { passive: true });
  new ResizeObserver(schedule).observe(scroller);

  const compare = (a, b) => {
    if (a === b) return 0;
    if (a === null || a === undefined || a === '') return 1;
    if (b === null || b === undefined || b === '') return -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
  };
  const applySort = () => {
    sorted = rows.slice();
    const column = columns.find((c) => c.key === sortKey);
    if (column) {
      const value = column.sort || ((r) => r[column.key]);
      const keyed = sorted.map((r) => [value(r), r]);
      keyed.sort((x, y) => {
        const c = compare(x[0], y[0]);
        if (c === 0) return 0;
        // Blank values stay last whichever way the column is sorted.
        if (x[0] === null || x[0] === undefined || x[0] === '' || y[0] === null || y[0] === undefined || y[0] === '') return c;
        return c * sortDir;
      });
      sorted = keyed.map((k) => k[1]);
    }
    headCells.forEach((th, i) => {
      const active = columns[i].key === sortKey;
      th.setAttribute('aria-sort', active ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
      const mark = th.querySelector('.sort-mark');
      if (mark) mark.textContent = active ? (sortDir > 0 ? ' ▲' : ' ▼') : '';
    });
    table.setAttribute('aria-rowcount', String(sorted.length + 1));
    empty.hidden = sorted.length > 0;
    render();
  };
  const sortBy = (key) => {
    if (sortKey === key) sortDir = -sortDir;
    else {
      sortKey = key;
      sortDir = 1;
    }
    applySort();
  };

  return {
    el: scroller,
    setRows(next) {
      rows = next;
      applySort();
    },
    sortBy,
    get count() {
      return sorted.length;
    },
  };
}
