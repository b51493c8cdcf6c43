/**
 * The HTML report's inline style and script (see html.ts). The script is plain ES5-level JavaScript kept as
 * text: it runs in the reader's browser, not in Node, and must not depend on the bundler.
 */

export const HTML_STYLE = String.raw`
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--err:#cf222e;--err-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--ok:#1a7f37;--ok-bg:#dafbe1;--fix:#0969da;--fix-bg:#ddf4ff;--sel:#8250df}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{display:flex;flex-direction:column;gap:12px;max-width:1600px;margin:0 auto;padding:16px 20px 40px}
header.top{order:-3;display:flex;align-items:baseline;gap:12px}
h1{font-size:22px;margin:0}
h2{font-size:15px;margin:18px 0 8px}
h3{font-size:14px;margin:8px 0}
.meta{color:var(--muted);font-size:12px}
.scope-line .meta{margin-left:8px}
#summary{order:-2;background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.toolbar{order:-1;display:flex;flex-wrap:wrap;align-items:center;gap:14px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px;position:sticky;top:0;z-index:5}
.toolbar input[type=search]{flex:0 1 320px;padding:5px 8px;border:1px solid var(--line);border-radius:6px;font:inherit}
.toolbar label{color:var(--muted);cursor:pointer}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{min-width:120px;padding:8px 14px;border:1px solid var(--line);border-radius:8px;background:var(--bg)}
.card b{display:block;font-size:24px;line-height:1.2}
.card span{color:var(--muted);font-size:12px}
.card.error b{color:var(--err)}.card.warning b{color:var(--warn)}.card.fix b{color:var(--fix)}.card.unsafe b{color:var(--sel)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;width:70px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.badge{display:inline-block;margin-left:8px;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.error{background:var(--err-bg);color:var(--err)}.badge.warning{background:var(--warn-bg);color:var(--warn)}
.badge.fix{background:var(--fix-bg);color:var(--fix)}.badge.clean{background:var(--ok-bg);color:var(--ok)}
.badge.diff{background:#eee;color:#444}.badge.scope-flex{background:#fbefff;color:var(--sel)}.badge.scope-none{background:#eee;color:var(--muted)}
.scope-line .badge:first-child{margin-left:0}
details.file{background:#fff;border:1px solid var(--line);border-left:4px solid var(--ok);border-radius:8px}
details.file.errors{border-left-color:var(--err)}details.file.warnings{border-left-color:#d4a72c}
details.file>summary{cursor:pointer;padding:9px 12px;list-style-position:inside}
details.file>summary .path{font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
details.file[open]>summary{border-bottom:1px solid var(--line)}
.file-body{padding:10px 12px}
.flow-grid{display:grid;grid-template-columns:minmax(0,1fr) 380px;gap:12px;align-items:start}
@media (max-width:1000px){.flow-grid{grid-template-columns:1fr}}
.graph-box{border:1px solid var(--line);border-radius:6px;background:#fbfcfd;position:relative}
.graph{overflow:auto;max-height:72vh;cursor:grab}
.graph.panning{cursor:grabbing;user-select:none}
.graph svg{display:block;margin:0 auto}
.zoom{position:absolute;right:6px;top:6px;display:flex;gap:4px;z-index:2}
.zoom button{font:12px inherit;border:1px solid var(--line);background:#fff;border-radius:4px;padding:1px 7px;cursor:pointer}
.legend{font-size:12px;color:var(--muted);padding:4px 8px;border-top:1px solid var(--line)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px;border:1px solid}
.legend i.mark-added{border:2px solid var(--ok)}.legend i.mark-removed{border:2px dashed var(--err)}.legend i.mark-changed{border:2px solid var(--fix)}.legend i.mark-moved{border:2px dotted var(--sel)}
svg .node{cursor:pointer;outline:none}
svg .node:focus-visible rect.box{stroke:var(--sel);stroke-dasharray:3 2}
svg .node rect.box{fill:#fff;stroke:#8c959f;stroke-width:1.2}
svg .node.warning rect.box{fill:var(--warn-bg);stroke:#bf8700}
svg .node.error rect.box{fill:var(--err-bg);stroke:var(--err);stroke-width:1.6}
svg .node.missing rect.box{fill:#f6f8fa;stroke:var(--err);stroke-dasharray:4 3}
svg .node.selected rect.box{stroke:var(--sel);stroke-width:3}
svg .node:hover rect.box{stroke-width:2.4}
svg .node rect.ring{fill:none;stroke-width:3}
svg .node.mark-added rect.ring{stroke:var(--ok)}
svg .node.mark-removed rect.ring{stroke:var(--err);stroke-dasharray:5 3}
svg .node.mark-removed{opacity:.6}
svg .node.mark-changed rect.ring{stroke:var(--fix)}
svg .node.mark-moved rect.ring{stroke:var(--sel);stroke-dasharray:2 3}
svg .node .tag{font-size:13px;font-weight:700;fill:var(--muted)}
svg .node .name{font-size:12px;font-weight:600;fill:var(--fg)}
svg .node .type{font-size:10px;fill:var(--muted)}
svg .count{font-size:10px;font-weight:700;fill:#fff}
svg .edge{fill:none;stroke:#8c959f;stroke-width:1.1}
svg .edge.missing{stroke:var(--err);stroke-dasharray:4 3}
svg .elabel{font-size:9.5px;fill:var(--muted);paint-order:stroke;stroke:#fbfcfd;stroke-width:3px}
.side{display:flex;flex-direction:column;gap:10px;min-width:0}
.panel{border:1px solid var(--line);border-radius:6px;padding:8px 10px;background:#fff}
.panel .hint{color:var(--muted)}
.widgets{list-style:none;margin:0;padding:0;max-height:56vh;overflow:auto;border:1px solid var(--line);border-radius:6px}
.widgets li.w{border-bottom:1px solid var(--line)}
.widgets li.w:last-child{border-bottom:0}
.widgets button{all:unset;box-sizing:border-box;display:flex;gap:8px;align-items:center;width:100%;padding:6px 10px;cursor:pointer}
.widgets button:hover,.widgets li.w.selected>button{background:#f3effc}
.widgets .wname{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.widgets .wtype{color:var(--muted);font-size:12px;white-space:nowrap}
.widgets .wcount{margin-left:auto}
.dot{width:9px;height:9px;border-radius:50%;flex:none}
.dot.error{background:var(--err)}.dot.warning{background:#d4a72c}
ol.findings{margin:0;padding:0 10px 8px 28px}
ol.findings li{margin:4px 0;font-size:13px;overflow-wrap:anywhere}
ol.findings .sev{font-weight:700;font-size:11px;text-transform:uppercase;margin-right:4px}
ol.findings .sev.error{color:var(--err)}ol.findings .sev.warning{color:var(--warn)}
ol.findings .pos{color:var(--muted);font:11px ui-monospace,Menlo,Consolas,monospace;margin-right:6px}
ol.findings .rule{color:var(--muted);font:11px ui-monospace,Menlo,Consolas,monospace;margin-left:6px}
ol.findings .fixmark{color:var(--fix);font-weight:700;margin-right:4px}
pre.diff{margin:10px 0 0;padding:8px 10px;background:#fff;border:1px solid var(--line);border-radius:6px;overflow:auto;max-height:60vh;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre.diff .add{background:#e6ffec;color:#116329;display:block}pre.diff .del{background:#ffebe9;color:#82071e;display:block}
pre.diff .hunk{color:var(--fix);display:block}pre.diff .head{color:var(--muted);display:block;font-weight:700}
.clean-line{color:var(--ok);font-weight:600}
.hidden{display:none!important}
`;

export const HTML_SCRIPT = String.raw`
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  // Widget box, gaps of the computed layout, the drawing's margin, Studio canvas units to ours, the least gap
  // between widgets, the arrowhead's reach, the smallest scale at which a whole tall drawing is still legible.
  var W = 168, H = 46, GX = 30, GY = 64, PAD = 12, STUDIO_X = 0.6, STUDIO_Y = 0.5, GAP = 8, ARROW = 6, LEGIBLE = 0.55;
  var markerId = 0;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sv(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }

  // What the page lists per widget: a lint report's findings, or studio-lint diff's changes (<body data-items>).
  var ITEMS = document.body.getAttribute('data-items') || 'Findings';

  // Toolbar: filter by name and by state.
  var files = Array.prototype.slice.call(document.querySelectorAll('details.file'));
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');
  function applyFilter() {
    var q = filter.value.toLowerCase();
    var mode = document.querySelector('input[name=show]:checked').value;
    var n = 0;
    files.forEach(function (f) {
      var hay = (f.getAttribute('data-file') + ' ' + f.getAttribute('data-names')).toLowerCase();
      var ok = (!q || hay.indexOf(q) >= 0) && (mode === 'all' || f.classList.contains(mode));
      f.classList.toggle('hidden', !ok);
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + files.length + ' files';
  }
  filter.addEventListener('input', applyFilter);
  Array.prototype.forEach.call(document.querySelectorAll('input[name=show]'), function (r) { r.addEventListener('change', applyFilter); });
  applyFilter();

  // The migration scope table is filled from every file's data when it is opened.
  var scopeTable = document.querySelector('details.scope-table');
  if (scopeTable) scopeTable.addEventListener('toggle', function () {
    var body = scopeTable.querySelector('tbody');
    if (!scopeTable.open || body.childNodes.length) return;
    files.forEach(function (f) {
      var data = JSON.parse(f.querySelector('script').textContent);
      (data.scope || []).forEach(function (s) {
        var tr = el('tr');
        tr.appendChild(el('td', {}, f.getAttribute('data-file')));
        tr.appendChild(el('td', {}, s.flow || ''));
        tr.appendChild(el('td', {}, s.migration === 'flex' ? 'migrates to Flex' : 'out of scope'));
        tr.appendChild(el('td', {}, s.decidedBy));
        tr.appendChild(el('td', {}, (s.evidence || []).join('; ')));
        body.appendChild(tr);
      });
    });
  });

  files.forEach(function (f) {
    f.addEventListener('toggle', function () {
      if (f.open && !f.getAttribute('data-built')) {
        f.setAttribute('data-built', '1');
        build(f, JSON.parse(f.querySelector('script').textContent));
      }
    });
  });

  function build(f, data) {
    var body = el('div', { 'class': 'file-body' });
    var findings = data.findings.map(function (x) {
      return { line: x[0], column: x[1], severity: x[4], rule: data.rules[x[5]], message: data.messages[x[6]], widget: x[7], flow: x[8], fix: x[9] };
    });
    data.flows.forEach(function (flow) {
      var mine = findings.filter(function (m) { return data.flows.length === 1 || m.flow === flow.n; });
      mine.forEach(function (m) { m.shown = m.widget !== null; });
      var section = el('section', { 'class': 'flow', 'data-flow': flow.n || '' });
      if (flow.n) section.appendChild(el('h3', {}, flow.n));
      section.appendChild(flowView(flow, mine));
      body.appendChild(section);
    });
    var rest = findings.filter(function (m) { return !m.shown; });
    if (rest.length) {
      var p = el('div', { 'class': 'panel file-findings' });
      p.appendChild(el('h3', {}, data.flows.length ? ITEMS + ' outside any widget' : ITEMS));
      p.appendChild(findingList(rest));
      body.appendChild(p);
    }
    if (data.patch) body.appendChild(diffView(data.patch));
    f.appendChild(body);
  }

  function worst(list) { return list.reduce(function (s, m) { return Math.max(s, m.severity); }, 0); }
  function sevName(s) { return s === 2 ? 'error' : s === 1 ? 'warning' : ''; }

  function findingList(list) {
    var ol = el('ol', { 'class': 'findings' });
    list.forEach(function (m) {
      var li = el('li', { 'class': 'finding ' + sevName(m.severity), 'data-rule': m.rule });
      // A change of studio-lint diff's page has no position.
      if (m.line !== null) li.appendChild(el('span', { 'class': 'pos' }, m.line + ':' + m.column));
      li.appendChild(el('span', { 'class': 'sev ' + sevName(m.severity) }, sevName(m.severity)));
      if (m.fix) li.appendChild(el('span', { 'class': 'fixmark', title: m.fix === 1 ? 'fixed by --fix' : 'fixed by --fix --unsafe-fixes' }, m.fix === 1 ? '[*]' : '[-]'));
      li.appendChild(document.createTextNode(m.message));
      li.appendChild(el('span', { 'class': 'rule' }, m.rule));
      ol.appendChild(li);
    });
    return ol;
  }

  function flowView(flow, findings, marks) {
    var byWidget = {};
    findings.forEach(function (m) { if (m.widget !== null) (byWidget[m.widget] = byWidget[m.widget] || []).push(m); });
    var grid = el('div', { 'class': 'flow-grid' });
    var box = el('div', { 'class': 'graph-box' });
    var scroller = el('div', { 'class': 'graph' });
    var g = graph(flow, byWidget, marks);
    scroller.appendChild(g.svg);
    pannable(scroller, g);
    box.appendChild(scroller);
    var zoom = el('div', { 'class': 'zoom' });
    [['\u2212', 0.8], ['+', 1.25], ['fit', 0]].forEach(function (z) {
      var b = el('button', { type: 'button', title: z[1] ? 'zoom' : 'fit to the panel' }, z[0]);
      b.addEventListener('click', function () { g.zoom(z[1] ? g.scale * z[1] : 0); });
      zoom.appendChild(b);
    });
    box.appendChild(zoom);
    var legend = el('div', { 'class': 'legend' });
    legend.innerHTML = 'Click a widget for its ' + ITEMS.toLowerCase() + '; drag to pan.<i style="background:#ffebe9;border-color:#cf222e"></i>error<i style="background:#fff8c5;border-color:#bf8700"></i>warning<i style="background:#fff;border-color:#8c959f"></i>no finding<i style="background:#f6f8fa;border-color:#cf222e;border-style:dashed"></i>missing';
    // The marks of a changed flow, those it has: a ring around the widget.
    g.marks.forEach(function (m) {
      legend.appendChild(el('i', { 'class': 'mark-' + m }));
      legend.appendChild(document.createTextNode(m));
    });
    box.appendChild(legend);
    grid.appendChild(box);

    var side = el('div', { 'class': 'side' });
    var panel = el('div', { 'class': 'panel selection' });
    panel.appendChild(el('span', { 'class': 'hint' }, 'Select a widget in the graph or the list.'));
    side.appendChild(panel);
    var names = flow.w.map(function (w) { return w[0]; }).filter(function (n) { return byWidget[n]; });
    var list = el('ul', { 'class': 'widgets' });
    names.sort(function (a, b) { return worst(byWidget[b]) - worst(byWidget[a]); });
    var items = {};
    names.forEach(function (name) {
      var ms = byWidget[name];
      var li = el('li', { 'class': 'w', 'data-widget': name });
      var b = el('button', { type: 'button' });
      b.appendChild(el('span', { 'class': 'dot ' + sevName(worst(ms)) }));
      b.appendChild(el('span', { 'class': 'wname' }, name));
      var type = flow.w.filter(function (w) { return w[0] === name; })[0][1];
      b.appendChild(el('span', { 'class': 'wtype' }, type));
      b.appendChild(el('span', { 'class': 'wcount badge ' + sevName(worst(ms)) }, String(ms.length)));
      b.addEventListener('click', function () { select(name, true); });
      li.appendChild(b);
      list.appendChild(li);
      items[name] = li;
    });
    if (names.length) {
      side.appendChild(el('h3', {}, ITEMS + ' by widget (' + names.length + ')'));
      side.appendChild(list);
    }
    grid.appendChild(side);

    function select(name, fromList) {
      g.select(name, fromList);
      panel.innerHTML = '';
      var w = flow.w.filter(function (x) { return x[0] === name; })[0];
      var head = el('h3', {}, name);
      head.appendChild(el('span', { 'class': 'meta' }, '  ' + (w ? w[1] : 'missing widget')));
      panel.appendChild(head);
      var ms = byWidget[name] || [];
      if (ms.length) panel.appendChild(findingList(ms));
      else panel.appendChild(el('span', { 'class': 'hint' }, w ? 'No ' + ITEMS.toLowerCase() + ' in this widget.' : 'A transition names this widget, and there is no widget by that name.'));
      Object.keys(items).forEach(function (n) { items[n].classList.toggle('selected', n === name); });
      if (items[name] && !fromList) items[name].scrollIntoView({ block: 'nearest' });
    }
    g.onSelect = function (name) { select(name, false); };
    // Fit to the panel once it is in the page, and again when the window's width changes, unless zoomed by hand.
    setTimeout(function () { g.zoom(0); }, 0);
    var lastWidth = window.innerWidth;
    window.addEventListener('resize', function () {
      if (g.fitted && window.innerWidth !== lastWidth && scroller.isConnected) g.zoom(0);
      lastWidth = window.innerWidth;
    });
    return grid;
  }

  // Studio's canvas positions when every widget has one: widgets sit about 300 canvas units apart in Studio, drawn
  // here 168 wide, hence the two scales. A few widgets that would overlap are pushed down below the one they cover;
  // when many would (offsets all 0, as some generators write), layers from the Trigger down instead.
  function positions(flow) {
    var n = flow.w.length, pos = [], i, j;
    if (n && flow.w.every(function (w) { return w.length === 4; })) {
      for (i = 0; i < n; i++) pos.push({ x: flow.w[i][2] * STUDIO_X, y: flow.w[i][3] * STUDIO_Y });
      var order = pos.map(function (p, i) { return i; }).sort(function (a, b) { return pos[a].y - pos[b].y || pos[a].x - pos[b].x; });
      var moved = 0, placed = [], y0, most = Math.max(3, n / 5);
      order.every(function (v) {
        y0 = pos[v].y;
        for (var again = true; again;) {
          again = false;
          for (j = 0; j < placed.length; j++) {
            var p = pos[placed[j]];
            if (Math.abs(pos[v].x - p.x) < W + GAP && Math.abs(pos[v].y - p.y) < H + GAP) { pos[v].y = p.y + H + GAP; again = true; }
          }
        }
        if (pos[v].y !== y0) moved++;
        placed.push(v);
        return moved <= most;
      });
      if (moved <= most) return pos;
      pos = [];
    }
    var index = {}, out = [], layer = [], k;
    flow.w.forEach(function (w, i) { index[w[0]] = i; out.push([]); layer.push(-1); });
    flow.e.forEach(function (e) { if (!e[3] && index[e[1]] !== undefined) out[index[e[0]]].push(index[e[1]]); });
    var roots = [0];
    for (i = 0; i < n; i++) if (flow.w[i][1] === 'trigger') { roots = [i]; break; }
    for (i = 0; i < n; i++) roots.push(i);
    roots.forEach(function (r) {
      if (layer[r] >= 0) return;
      layer[r] = 0;
      var queue = [r];
      while (queue.length) {
        var v = queue.shift();
        out[v].forEach(function (t) { if (layer[t] < 0) { layer[t] = layer[v] + 1; queue.push(t); } });
      }
    });
    var rows = [];
    for (i = 0; i < n; i++) (rows[layer[i]] = rows[layer[i]] || []).push(i);
    var rank = [];
    rows.forEach(function (row, r) {
      if (r > 0) {
        var bary = {};
        row.forEach(function (v) {
          var s = 0, c = 0;
          for (k = 0; k < n; k++) if (layer[k] < r && out[k].indexOf(v) >= 0) { s += rank[k]; c++; }
          bary[v] = c ? s / c : 1e9 + v;
        });
        row.sort(function (a, b) { return bary[a] - bary[b]; });
      }
      row.forEach(function (v, x) { rank[v] = x; });
    });
    var widest = rows.reduce(function (m, row) { return Math.max(m, row ? row.length : 0); }, 0);
    for (i = 0; i < n; i++) {
      var len = rows[layer[i]].length;
      pos[i] = { x: (rank[i] + (widest - len) / 2) * (W + GX), y: layer[i] * (H + GY) };
    }
    return pos;
  }

  // The edge labels' sizes, measured in a hidden SVG put in the page for the time it takes (same class, so the
  // same font), once per text.
  var measured = {};
  function measureLabels(texts) {
    var measurer = sv('svg', { width: '0', height: '0', 'aria-hidden': 'true', style: 'position:absolute;left:-10000px;top:0;visibility:hidden' });
    document.body.appendChild(measurer);
    texts.forEach(function (text) {
      if (measured[text]) return;
      var t = sv('text', { 'class': 'elabel', 'text-anchor': 'middle' }, text);
      measurer.appendChild(t);
      var b = t.getBBox();
      measured[text] = { w: b.width, top: b.y, h: b.height };
    });
    document.body.removeChild(measurer);
  }

  function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

  // The point at t (0..1) of a path of cubic segments [x0,y0,x1,y1,x2,y2,x3,y3].
  function pointAt(segs, t) {
    var s = Math.min(segs.length - 1, Math.floor(t * segs.length)), c = segs[s];
    var u = t * segs.length - s, v = 1 - u;
    var a = v * v * v, b = 3 * v * v * u, d = 3 * v * u * u, e = u * u * u;
    return { x: a * c[0] + b * c[2] + d * c[4] + e * c[6], y: a * c[1] + b * c[3] + d * c[5] + e * c[7] };
  }

  // An edge's cubic segments: down from the bottom of a widget to the top of one below, sideways between widgets
  // side by side, around the right side back up to a widget above, a loop on a widget to itself. bend pushes the
  // curve aside (down: right or left; sideways: down or up; back up: further out, or around the left side), off
  // widgets in its way.
  function route(a, b, spread, bend) {
    var x1, y1, x2, y2;
    if (a === b) {
      return [[a.x + W, a.y + H * 0.3, a.x + W + 40, a.y - 10, a.x + W + 40, a.y + H + 10, a.x + W, a.y + H * 0.7]];
    }
    if (b.y >= a.y + H + 8) {
      x1 = a.x + W / 2 + spread; y1 = a.y + H; x2 = b.x + W / 2 + spread; y2 = b.y;
      var dy = Math.max(24, (y2 - y1) / 2);
      return [[x1, y1, x1 + bend, y1 + dy, x2 + bend, y2 - dy, x2, y2]];
    }
    if (Math.abs(b.y - a.y) < H + 8 && Math.abs(b.x - a.x) >= W + 8) {
      var right = b.x > a.x;
      x1 = right ? a.x + W : a.x; x2 = right ? b.x : b.x + W;
      y1 = a.y + H / 2 + spread / 3; y2 = b.y + H / 2 + spread / 3;
      var dx = (x2 - x1) / 2;
      return [[x1, y1, x1 + dx, y1 + bend, x2 - dx, y2 + bend, x2, y2]];
    }
    // Back up: around the right side, or with a bend to the left around the left side.
    var left = bend < 0, out = 40 + Math.min(120, Math.abs(a.y - b.y) / 6) + (left ? -bend - BENDS[1] : bend);
    x1 = left ? a.x : a.x + W; y1 = a.y + H / 2 + spread / 3; x2 = left ? b.x : b.x + W; y2 = b.y + H / 2 + spread / 3;
    var bulge = left ? Math.min(x1, x2) - out : Math.max(x1, x2) + out;
    return [[x1, y1, bulge, y1, bulge, y2, x2, y2]];
  }

  // How often an edge's curve runs under a widget other than its two ends (drawn under it, it would seem to go
  // through it): points along it, each in a widget's box or not.
  var BENDS = [0, 70, -70, 140, -140, 210, -210, 280, -280];
  function crossings(segs, bodies, a, b) {
    var count = 0;
    for (var t = 0.025; t < 1; t += 0.025) {
      var p = pointAt(segs, t);
      if (bodies.hits({ x: p.x, y: p.y, w: 0.01, h: 0.01 }, a, b)) count++;
    }
    return count;
  }
  function bestRoute(a, b, spread, bodies) {
    var best = null, fewest = Infinity;
    for (var i = 0; i < BENDS.length && fewest > 0; i++) {
      var segs = route(a, b, spread, BENDS[i]);
      if (a === b) return segs;
      var n = crossings(segs, bodies, a, b);
      if (n < fewest) { fewest = n; best = segs; }
    }
    return best;
  }

  // Where an edge's label goes: on its line at the middle or further along, or beside the line, the first place
  // that covers no widget and, if one can, no other label. None found: the label is left out (the edge's tooltip
  // still names its event) rather than drawn over a widget.
  var LABEL_AT = [0.5, 0.62, 0.38, 0.74, 0.26, 0.86, 0.14, 0.56, 0.44, 0.68, 0.32, 0.8, 0.2, 0.92, 0.08];
  function placeLabel(segs, size, widgets, labels) {
    var fallback = null, i, k;
    var shifts = [[0, 0], [size.w / 2 + 5, 0], [-size.w / 2 - 5, 0], [0, -size.h], [0, size.h], [0, -H / 2 - size.h], [0, H / 2 + size.h]];
    for (i = 0; i < LABEL_AT.length; i++) {
      var p = pointAt(segs, LABEL_AT[i]);
      for (k = 0; k < shifts.length; k++) {
        var x = p.x + shifts[k][0], y = p.y + shifts[k][1] + size.h / 3;
        var box = { x: x - size.w / 2 - 3, y: y + size.top - 1, w: size.w + 6, h: size.h + 2 };
        if (widgets.hits(box)) continue;
        if (!labels.hits(box)) return { x: x, y: y, box: box };
        if (!fallback) fallback = { x: x, y: y, box: box };
      }
    }
    return fallback;
  }

  // Boxes bucketed in a grid, so that a label is checked against the boxes near it only (a flow of 2,000 widgets
  // has as many boxes, and each label tries a hundred places).
  var CELL = 200;
  function boxIndex(boxes) {
    var cells = {};
    function each(b, f) {
      for (var cx = Math.floor(b.x / CELL); cx <= Math.floor((b.x + b.w) / CELL); cx++)
        for (var cy = Math.floor(b.y / CELL); cy <= Math.floor((b.y + b.h) / CELL); cy++) if (f(cells[cx + ',' + cy], cx + ',' + cy)) return true;
      return false;
    }
    var index = {
      add: function (b) { each(b, function (list, key) { (cells[key] = list || []).push(b); }); },
      // Whether b meets a box of the index, other than those of the widgets skip1 and skip2.
      hits: function (b, skip1, skip2) {
        return each(b, function (list) {
          for (var i = 0; list && i < list.length; i++) if ((!list[i].node || (list[i].node !== skip1 && list[i].node !== skip2)) && overlaps(b, list[i])) return true;
          return false;
        });
      },
    };
    (boxes || []).forEach(index.add);
    return index;
  }

  // How large to draw: the whole width when the drawing is wider than the panel is high, or the whole drawing
  // when that still leaves the names legible; a tall flow that would be too small fits the width and scrolls down.
  // Never larger than life.
  function fitScale(width, height, panelWidth, panelHeight) {
    var byWidth = panelWidth / width, byHeight = panelHeight / height;
    if (height * byWidth <= panelHeight) return Math.min(1, byWidth);
    return Math.min(1, byHeight >= LEGIBLE ? byHeight : byWidth);
  }

  var MARKS = { added: 'added', removed: 'removed', changed: 'changed', moved: 'moved' };
  var MARK_TAGS = { added: '+', removed: '\u2212', changed: '~', moved: '\u2192' };

  // flow: {w: [[name, type, x?, y?]], e: [[from, to, event, missing]], k?: {name: mark}}; byWidget: findings
  // by widget name; marks (optional, or flow.k): widget name → added | removed | changed | moved, drawn as a ring
  // with a class of its own (mark-added, …) for a view of what changed between two versions of a flow.
  function graph(flow, byWidget, marks) {
    marks = marks || flow.k || {};
    var pos = positions(flow);
    var nodes = flow.w.map(function (w, i) { return { name: w[0], type: w[1], x: pos[i].x, y: pos[i].y }; });
    var index = {};
    nodes.forEach(function (nd, i) { index[nd.name] = i; });
    // A widget a transition names and the flow lacks: drawn beside the first widget that names it, on free ground.
    flow.e.forEach(function (e) {
      if (index[e[1]] !== undefined) return;
      var from = nodes[index[e[0]]], spot = { x: from.x + W + GX, y: from.y + H + GY / 2 };
      for (var tries = 0; tries < 50; tries++) {
        var clash = nodes.some(function (d) { return Math.abs(d.x - spot.x) < W + GAP && Math.abs(d.y - spot.y) < H + GAP; });
        if (!clash) break;
        spot.y += H + GAP;
      }
      index[e[1]] = nodes.length;
      nodes.push({ name: e[1], type: 'missing', x: spot.x, y: spot.y, missing: true });
    });
    // What a label must not cover: each widget's box and its count badge.
    var widgetBoxes = nodes.map(function (d) { return { x: d.x - 2, y: d.y - 7, w: W + 9, h: H + 9 }; });
    var pairs = {};
    flow.e.forEach(function (e) { var k = e[0] + '\u0000' + e[1]; pairs[k] = (pairs[k] || 0) + 1; });
    var seen = {}, drawn = [], widgetIndex = boxIndex(widgetBoxes), labelIndex = boxIndex();
    // The widgets an edge should not run under, with a margin so that a bend clears a corner.
    var bodyIndex = boxIndex(nodes.map(function (d) { return { x: d.x - 6, y: d.y - 6, w: W + 12, h: H + 12, node: d }; }));
    measureLabels(flow.e.map(function (e) { return e[2]; }));
    flow.e.forEach(function (e) {
      var a = nodes[index[e[0]]], b = nodes[index[e[1]]];
      // Parallel edges (two events to the same widget) are spread apart, their labels too.
      var key = e[0] + '\u0000' + e[1], k = seen[key] = (seen[key] || 0) + 1;
      var segs = bestRoute(a, b, (k - (pairs[key] + 1) / 2) * 22, bodyIndex);
      var size = measured[e[2]];
      var at = placeLabel(segs, size, widgetIndex, labelIndex);
      if (at) labelIndex.add(at.box);
      drawn.push({ e: e, segs: segs, label: at });
    });
    // The drawing's bounds hold every widget, every edge (a cubic stays inside its control points), every label.
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    function cover(x, y, w, h) { minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x + w); maxY = Math.max(maxY, y + h); }
    widgetBoxes.forEach(function (r) { cover(r.x - 4, r.y - 4, r.w + 8, r.h + 8); });
    drawn.forEach(function (d) {
      d.segs.forEach(function (c) { for (var i = 0; i < 8; i += 2) cover(c[i] - ARROW, c[i + 1] - ARROW, 2 * ARROW, 2 * ARROW); });
      if (d.label) cover(d.label.box.x, d.label.box.y, d.label.box.w, d.label.box.h);
    });
    minX -= PAD; minY -= PAD;
    var width = maxX + PAD - minX, height = maxY + PAD - minY;
    var svg = sv('svg', { viewBox: minX + ' ' + minY + ' ' + width + ' ' + height, role: 'img', 'aria-label': 'flow graph' });
    var id = 'arrow' + (++markerId);
    var defs = sv('defs');
    var marker = sv('marker', { id: id, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.appendChild(sv('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8c959f' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    var edgeLayer = sv('g'), labelLayer = sv('g'), nodeLayer = sv('g');
    svg.appendChild(edgeLayer); svg.appendChild(nodeLayer); svg.appendChild(labelLayer);
    drawn.forEach(function (d) {
      var e = d.e, path = 'M' + d.segs[0][0] + ',' + d.segs[0][1];
      d.segs.forEach(function (c) { path += ' C' + c[2] + ',' + c[3] + ' ' + c[4] + ',' + c[5] + ' ' + c[6] + ',' + c[7]; });
      var p = sv('path', { d: path, 'class': 'edge' + (e[3] ? ' missing' : ''), 'marker-end': 'url(#' + id + ')', 'data-from': e[0], 'data-to': e[1] });
      p.appendChild(sv('title', {}, e[0] + ' \u2192 ' + e[1] + ' (' + e[2] + ')'));
      edgeLayer.appendChild(p);
      if (!d.label) p.setAttribute('data-unlabelled', '');
      if (d.label) labelLayer.appendChild(sv('text', { x: d.label.x, y: d.label.y, 'class': 'elabel', 'text-anchor': 'middle' }, e[2]));
    });
    var elements = {};
    nodes.forEach(function (d) {
      var ms = byWidget[d.name] || [];
      var mark = MARKS[marks[d.name]];
      var cls = 'node ' + (d.missing ? 'missing' : sevName(worst(ms))) + (mark ? ' mark-' + mark : '');
      var gNode = sv('g', { 'class': cls, 'data-widget': d.name, transform: 'translate(' + d.x + ',' + d.y + ')', tabindex: '0' });
      gNode.appendChild(sv('title', {}, d.name + ' (' + d.type + ')' + (mark ? ', ' + mark : '') + (ms.length ? ': ' + ms.length + ' finding' + (ms.length === 1 ? '' : 's') : '')));
      if (mark) gNode.appendChild(sv('rect', { 'class': 'ring', x: -4, y: -4, width: W + 8, height: H + 8, rx: d.type === 'trigger' ? H / 2 + 4 : 9 }));
      gNode.appendChild(sv('rect', { 'class': 'box', width: W, height: H, rx: d.type === 'trigger' ? H / 2 : 6 }));
      gNode.appendChild(sv('text', { x: W / 2, y: 19, 'class': 'name', 'text-anchor': 'middle' }, clip(d.name, 22)));
      gNode.appendChild(sv('text', { x: W / 2, y: 35, 'class': 'type', 'text-anchor': 'middle' }, d.missing ? '(missing)' : clip(d.type, 26)));
      if (mark) gNode.appendChild(sv('text', { x: 8, y: 13, 'class': 'tag' }, MARK_TAGS[mark]));
      if (ms.length) {
        gNode.appendChild(sv('circle', { cx: W - 4, cy: 4, r: 9, fill: worst(ms) === 2 ? '#cf222e' : '#bf8700' }));
        gNode.appendChild(sv('text', { x: W - 4, y: 7.5, 'class': 'count', 'text-anchor': 'middle' }, ms.length > 99 ? '99+' : String(ms.length)));
      }
      gNode.addEventListener('click', function () { if (!api.panned) api.onSelect(d.name); });
      gNode.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); api.onSelect(d.name); } });
      nodeLayer.appendChild(gNode);
      elements[d.name] = gNode;
    });
    var api = {
      svg: svg,
      scale: 1,
      fitted: true,
      panned: false,
      marks: Object.keys(MARKS).filter(function (m) { return nodes.some(function (d) { return marks[d.name] === m; }); }),
      onSelect: function () {},
      // s: a scale, or 0 to fit the panel. The point at the panel's centre stays there.
      zoom: function (s) {
        var box = svg.parentNode;
        var cx = (box.scrollLeft + box.clientWidth / 2) / api.scale, cy = (box.scrollTop + box.clientHeight / 2) / api.scale;
        api.fitted = !s;
        if (!s) s = fitScale(width, height, box.clientWidth - 2, panelHeight(box) - 2);
        api.scale = Math.min(2.5, Math.max(0.05, s));
        svg.setAttribute('width', String(Math.floor(width * api.scale)));
        svg.setAttribute('height', String(Math.floor(height * api.scale)));
        svg.setAttribute('data-scale', api.scale.toFixed(3));
        box.scrollLeft = cx * api.scale - box.clientWidth / 2;
        box.scrollTop = cy * api.scale - box.clientHeight / 2;
      },
      // scroll: chosen in the list, so the graph shows it: zoomed in to a legible size if the fit made the drawing
      // smaller, the widget in the panel's centre.
      select: function (name, scroll) {
        Object.keys(elements).forEach(function (n) { elements[n].classList.toggle('selected', n === name); });
        var d = nodes[index[name]], box = svg.parentNode;
        if (!scroll || !d || !box) return;
        if (api.scale < LEGIBLE) api.zoom(1);
        box.scrollLeft = (d.x + W / 2 - minX) * api.scale - box.clientWidth / 2;
        box.scrollTop = (d.y + H / 2 - minY) * api.scale - box.clientHeight / 2;
        elements[name].scrollIntoView({ block: 'nearest', inline: 'nearest' });
      },
    };
    svg.setAttribute('width', String(Math.floor(width)));
    svg.setAttribute('height', String(Math.floor(height)));
    return api;
  }

  // The most the graph's panel may grow to (its max-height), in pixels.
  function panelHeight(box) {
    var max = parseFloat(getComputedStyle(box).maxHeight);
    return isFinite(max) ? max : window.innerHeight * 0.72;
  }

  // Drag the drawing to pan it (the scrollbars do too); a drag is not a click on the widget under it. Ctrl and the
  // wheel (a touchpad's pinch) zoom around the pointer.
  function pannable(box, api) {
    var start = null;
    box.addEventListener('wheel', function (ev) {
      if (!ev.ctrlKey) return;
      ev.preventDefault();
      var r = box.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
      var x = (box.scrollLeft + px) / api.scale, y = (box.scrollTop + py) / api.scale;
      api.zoom(api.scale * Math.exp(-ev.deltaY / 300));
      box.scrollLeft = x * api.scale - px;
      box.scrollTop = y * api.scale - py;
    }, { passive: false });
    box.addEventListener('mousedown', function (ev) {
      if (ev.button !== 0) return;
      start = { x: ev.clientX, y: ev.clientY, left: box.scrollLeft, top: box.scrollTop };
      api.panned = false;
    });
    window.addEventListener('mousemove', function (ev) {
      if (!start) return;
      var dx = ev.clientX - start.x, dy = ev.clientY - start.y;
      if (!api.panned && Math.abs(dx) + Math.abs(dy) < 5) return;
      api.panned = true;
      box.classList.add('panning');
      box.scrollLeft = start.left - dx;
      box.scrollTop = start.top - dy;
      ev.preventDefault();
    });
    window.addEventListener('mouseup', function () {
      if (!start) return;
      start = null;
      box.classList.remove('panning');
      setTimeout(function () { api.panned = false; }, 0);
    });
  }

  function diffView(patch) {
    var pre = el('pre', { 'class': 'diff' });
    patch.split('\n').forEach(function (line) {
      var cls = /^(\+\+\+|---)/.test(line) ? 'head' : line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : line.slice(0, 2) === '@@' ? 'hunk' : '';
      var span = el('span', cls ? { 'class': cls } : {}, line + '\n');
      pre.appendChild(span);
    });
    var wrap = el('div', { 'class': 'panel diff-panel' });
    wrap.appendChild(el('h3', {}, 'What the fix changes'));
    wrap.appendChild(pre);
    return wrap;
  }
})();
`;
