/**
 * The HTML report's inline style and script (see html.ts). The script is plain ES5-level JavaScript kept as
 * text: it runs in the reader's browser, not in Node, and must not depend on the bundler.
 */

export const HTML_STYLE = String.raw`
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--err:#cf222e;--err-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--ok:#1a7f37;--ok-bg:#dafbe1;--fix:#0969da;--fix-bg:#ddf4ff;--sel:#8250df}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{display:flex;flex-direction:column;gap:12px;max-width:1400px;margin:0 auto;padding:16px 20px 40px}
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
.flow-grid{display:grid;grid-template-columns:minmax(0,1fr) 420px;gap:12px;align-items:start}
@media (max-width:1000px){.flow-grid{grid-template-columns:1fr}}
.graph-box{border:1px solid var(--line);border-radius:6px;background:#fbfcfd;position:relative}
.graph{overflow:auto;max-height:72vh}
.zoom{position:absolute;right:6px;top:6px;display:flex;gap:4px;z-index:2}
.zoom button{font:12px inherit;border:1px solid var(--line);background:#fff;border-radius:4px;padding:1px 7px;cursor:pointer}
.legend{font-size:12px;color:var(--muted);padding:4px 8px;border-top:1px solid var(--line)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px;border:1px solid}
svg .node{cursor:pointer;outline:none}
svg .node:focus-visible rect{stroke:var(--sel);stroke-dasharray:3 2}
svg .node rect{fill:#fff;stroke:#8c959f;stroke-width:1.2}
svg .node.warning rect{fill:var(--warn-bg);stroke:#bf8700}
svg .node.error rect{fill:var(--err-bg);stroke:var(--err);stroke-width:1.6}
svg .node.missing rect{fill:#f6f8fa;stroke:var(--err);stroke-dasharray:4 3}
svg .node.selected rect{stroke:var(--sel);stroke-width:3}
svg .node:hover rect{stroke-width:2.4}
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
  var W = 168, H = 46, GX = 30, GY = 64, PAD = 24;
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
      p.appendChild(el('h3', {}, data.flows.length ? 'Findings outside any widget' : 'Findings'));
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
      li.appendChild(el('span', { 'class': 'pos' }, m.line + ':' + m.column));
      li.appendChild(el('span', { 'class': 'sev ' + sevName(m.severity) }, sevName(m.severity)));
      if (m.fix) li.appendChild(el('span', { 'class': 'fixmark', title: m.fix === 1 ? 'fixed by --fix' : 'fixed by --fix --unsafe-fixes' }, m.fix === 1 ? '[*]' : '[-]'));
      li.appendChild(document.createTextNode(m.message));
      li.appendChild(el('span', { 'class': 'rule' }, m.rule));
      ol.appendChild(li);
    });
    return ol;
  }

  function flowView(flow, findings) {
    var byWidget = {};
    findings.forEach(function (m) { if (m.widget !== null) (byWidget[m.widget] = byWidget[m.widget] || []).push(m); });
    var grid = el('div', { 'class': 'flow-grid' });
    var box = el('div', { 'class': 'graph-box' });
    var scroller = el('div', { 'class': 'graph' });
    var g = graph(flow, byWidget);
    scroller.appendChild(g.svg);
    box.appendChild(scroller);
    var zoom = el('div', { 'class': 'zoom' });
    [['\u2212', 0.8], ['+', 1.25], ['fit', 0]].forEach(function (z) {
      var b = el('button', { type: 'button', title: z[1] ? 'zoom' : 'fit to width' }, z[0]);
      b.addEventListener('click', function () { g.zoom(z[1] ? g.scale * z[1] : 0); });
      zoom.appendChild(b);
    });
    box.appendChild(zoom);
    var legend = el('div', { 'class': 'legend' });
    legend.innerHTML = 'Click a widget for its findings.<i style="background:#ffebe9;border-color:#cf222e"></i>error<i style="background:#fff8c5;border-color:#bf8700"></i>warning<i style="background:#fff;border-color:#8c959f"></i>no finding<i style="background:#f6f8fa;border-color:#cf222e;border-style:dashed"></i>missing';
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
      side.appendChild(el('h3', {}, 'Findings by widget (' + names.length + ')'));
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
      else panel.appendChild(el('span', { 'class': 'hint' }, w ? 'No findings in this widget.' : 'A transition names this widget, and there is no widget by that name.'));
      Object.keys(items).forEach(function (n) { items[n].classList.toggle('selected', n === name); });
      if (items[name] && !fromList) items[name].scrollIntoView({ block: 'nearest' });
    }
    g.onSelect = function (name) { select(name, false); };
    return grid;
  }

  // Studio's own canvas positions when every widget has one and none overlap at half scale; otherwise layers
  // from the Trigger down.
  function positions(flow) {
    var n = flow.w.length, pos = [], i, j;
    var studio = flow.w.every(function (w) { return w.length === 4; });
    if (studio) {
      for (i = 0; i < n; i++) pos.push({ x: flow.w[i][2] * 0.5, y: flow.w[i][3] * 0.5 });
      for (i = 0; i < n && studio; i++) for (j = i + 1; j < n; j++) {
        if (Math.abs(pos[i].x - pos[j].x) < W + 6 && Math.abs(pos[i].y - pos[j].y) < H + 6) { studio = false; break; }
      }
      if (studio) return pos;
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
    var order = [];
    rows.forEach(function (row, r) {
      if (r > 0) {
        var bary = {};
        row.forEach(function (v) {
          var s = 0, c = 0;
          for (k = 0; k < n; k++) if (layer[k] < r && out[k].indexOf(v) >= 0) { s += order[k]; c++; }
          bary[v] = c ? s / c : 1e9 + v;
        });
        row.sort(function (a, b) { return bary[a] - bary[b]; });
      }
      row.forEach(function (v, x) { order[v] = x; });
    });
    var widest = rows.reduce(function (m, row) { return Math.max(m, row ? row.length : 0); }, 0);
    for (i = 0; i < n; i++) {
      var len = rows[layer[i]].length;
      pos[i] = { x: (order[i] + (widest - len) / 2) * (W + GX), y: layer[i] * (H + GY) };
    }
    return pos;
  }

  function graph(flow, byWidget) {
    var pos = positions(flow);
    var nodes = flow.w.map(function (w, i) { return { name: w[0], type: w[1], x: pos[i].x, y: pos[i].y }; });
    var index = {};
    nodes.forEach(function (nd, i) { index[nd.name] = i; });
    flow.e.forEach(function (e) {
      if (index[e[1]] === undefined) {
        var from = nodes[index[e[0]]];
        index[e[1]] = nodes.length;
        nodes.push({ name: e[1], type: 'missing', x: from.x + W + GX, y: from.y + H + GY / 2, missing: true });
      }
    });
    var minX = Math.min.apply(null, nodes.map(function (d) { return d.x; }));
    var minY = Math.min.apply(null, nodes.map(function (d) { return d.y; }));
    nodes.forEach(function (d) { d.x += PAD - minX; d.y += PAD - minY; });
    var width = Math.max.apply(null, nodes.map(function (d) { return d.x; })) + W + PAD;
    var height = Math.max.apply(null, nodes.map(function (d) { return d.y; })) + H + PAD;
    var svg = sv('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'flow graph' });
    var id = 'arrow' + (++markerId);
    var defs = sv('defs');
    var marker = sv('marker', { id: id, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.appendChild(sv('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8c959f' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    var edgeLayer = sv('g'), labelLayer = sv('g'), nodeLayer = sv('g');
    svg.appendChild(edgeLayer); svg.appendChild(nodeLayer); svg.appendChild(labelLayer);
    // Parallel edges (two events to the same widget) are spread apart, their labels too.
    var pairs = {};
    flow.e.forEach(function (e) { var k = e[0] + '\u0000' + e[1]; pairs[k] = (pairs[k] || 0) + 1; });
    var seen = {};
    flow.e.forEach(function (e) {
      var a = nodes[index[e[0]]], b = nodes[index[e[1]]];
      var key = e[0] + '\u0000' + e[1], k = seen[key] = (seen[key] || 0) + 1, spread = (k - (pairs[key] + 1) / 2) * 22;
      var x1 = a.x + W / 2 + spread, y1 = a.y + H, x2 = b.x + W / 2 + spread, y2 = b.y, d, lx, ly;
      if (a === b) {
        d = 'M' + (a.x + W) + ',' + (a.y + H * 0.3) + ' C' + (a.x + W + 40) + ',' + (a.y - 10) + ' ' + (a.x + W + 40) + ',' + (a.y + H + 10) + ' ' + (a.x + W) + ',' + (a.y + H * 0.7);
        lx = a.x + W + 34; ly = a.y + H / 2;
      } else if (y2 > y1 - 4) {
        var dy = Math.max(24, (y2 - y1) / 2);
        d = 'M' + x1 + ',' + y1 + ' C' + x1 + ',' + (y1 + dy) + ' ' + x2 + ',' + (y2 - dy) + ' ' + x2 + ',' + y2;
        // The label sits at 70% of the way, where the edges of a fan-out are already apart.
        var t = 0.7, u = 1 - t;
        lx = u * u * u * x1 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x2 + spread;
        ly = u * u * u * y1 + 3 * u * u * t * (y1 + dy) + 3 * u * t * t * (y2 - dy) + t * t * t * y2 + (k - 1) * 11;
      } else {
        // Back to a widget above: leave and enter at the right side.
        x1 = a.x + W; y1 = a.y + H / 2 + spread / 3; x2 = b.x + W; y2 = b.y + H / 2 + spread / 3;
        var bulge = Math.max(x1, x2) + 40 + Math.min(120, (y1 - y2) / 6);
        d = 'M' + x1 + ',' + y1 + ' C' + bulge + ',' + y1 + ' ' + bulge + ',' + y2 + ' ' + x2 + ',' + y2;
        lx = bulge - 10; ly = (y1 + y2) / 2 + (k - 1) * 11;
      }
      var path = sv('path', { d: d, 'class': 'edge' + (e[3] ? ' missing' : ''), 'marker-end': 'url(#' + id + ')' });
      path.appendChild(sv('title', {}, e[0] + ' \u2192 ' + e[1] + ' (' + e[2] + ')'));
      edgeLayer.appendChild(path);
      labelLayer.appendChild(sv('text', { x: lx, y: ly, 'class': 'elabel', 'text-anchor': 'middle' }, e[2]));
    });
    var elements = {};
    nodes.forEach(function (d) {
      var ms = byWidget[d.name] || [];
      var cls = 'node ' + (d.missing ? 'missing' : sevName(worst(ms)));
      var gNode = sv('g', { 'class': cls, 'data-widget': d.name, transform: 'translate(' + d.x + ',' + d.y + ')', tabindex: '0' });
      gNode.appendChild(sv('title', {}, d.name + ' (' + d.type + ')' + (ms.length ? ': ' + ms.length + ' finding' + (ms.length === 1 ? '' : 's') : '')));
      gNode.appendChild(sv('rect', { width: W, height: H, rx: d.type === 'trigger' ? H / 2 : 6 }));
      gNode.appendChild(sv('text', { x: W / 2, y: 19, 'class': 'name', 'text-anchor': 'middle' }, clip(d.name, 22)));
      gNode.appendChild(sv('text', { x: W / 2, y: 35, 'class': 'type', 'text-anchor': 'middle' }, d.missing ? '(missing)' : clip(d.type, 26)));
      if (ms.length) {
        gNode.appendChild(sv('circle', { cx: W - 4, cy: 4, r: 9, fill: worst(ms) === 2 ? '#cf222e' : '#bf8700' }));
        gNode.appendChild(sv('text', { x: W - 4, y: 7.5, 'class': 'count', 'text-anchor': 'middle' }, ms.length > 99 ? '99+' : String(ms.length)));
      }
      gNode.addEventListener('click', function () { api.onSelect(d.name); });
      gNode.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); api.onSelect(d.name); } });
      nodeLayer.appendChild(gNode);
      elements[d.name] = gNode;
    });
    var api = {
      svg: svg,
      scale: 1,
      onSelect: function () {},
      zoom: function (s) {
        if (!s) s = Math.min(1, Math.max(0.35, (svg.parentNode.clientWidth - 4) / width));
        api.scale = Math.min(2.5, Math.max(0.2, s));
        svg.setAttribute('width', String(Math.round(width * api.scale)));
        svg.setAttribute('height', String(Math.round(height * api.scale)));
      },
      select: function (name, scroll) {
        Object.keys(elements).forEach(function (n) { elements[n].classList.toggle('selected', n === name); });
        if (scroll && elements[name]) elements[name].scrollIntoView({ block: 'nearest', inline: 'nearest' });
      },
    };
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    // Fit to the box once it is in the page.
    setTimeout(function () { api.zoom(0); }, 0);
    return api;
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
