// Building the page: every string goes in as text (textContent), never as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function fmt(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (typeof v !== 'number') return String(v);
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function seconds(s) {
  if (s === null || s === undefined) return '–';
  s = Math.round(s);
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  return (hh ? hh + 'h' : '') + (hh || mm ? String(mm).padStart(hh ? 2 : 1, '0') + 'm' : '') + String(ss).padStart(hh || mm ? 2 : 1, '0') + 's';
}

/** A modal confirmation saying what will happen; with {input} it also asks for a number. Resolves to false, true or the number. */
export function confirmDialog(text, input) {
  const dlg = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  const field = document.getElementById('confirm-field');
  const box = document.getElementById('confirm-input');
  field.hidden = !input;
  if (input) {
    document.getElementById('confirm-label').textContent = input.label;
    box.value = input.value ?? '';
  }
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      if (dlg.returnValue !== 'ok') resolve(false);
      else resolve(input ? Number(box.value) : true);
    }, { once: true });
    dlg.returnValue = '';
    dlg.showModal();
  });
}
