"""The review page's style and script, inlined into every page so that it
works from file:// with no network."""

# Okabe-Ito colours: told apart by colour-blind readers too. The pages' pane has
# a bluish grey no grey page image can hold (the browser test finds the page by it).
CSS = """
:root { --check: #d55e00; --pane: #dfe4ea; }
.t-goals { --c: #0072b2; --f: rgba(0, 114, 178, .10); }
.t-kpis { --c: #e69f00; --f: rgba(230, 159, 0, .12); }
.t-key_plans { --c: #009e73; --f: rgba(0, 158, 115, .10); }
.t-risks { --c: #cc79a7; --f: rgba(204, 121, 167, .12); }
* { box-sizing: border-box; }
body { margin: 0; height: 100vh; display: flex; flex-direction: column; color: #222;
  font: 14px/1.45 system-ui, "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif; }
header { padding: 8px 16px; border-bottom: 1px solid #ccc; }
h1 { font-size: 18px; margin: 0 0 2px; }
.meta { color: #555; font-size: 12px; margin: 0 0 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; }
.legend i { display: inline-block; width: 14px; height: 14px; vertical-align: -2px;
  border: 2px solid var(--c); background: var(--f); }
.legend .low { border: 2px dashed var(--check); background: none; }
main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
#pages { overflow: auto; background: var(--pane); padding: 0 24px 24px; }
#rows { overflow: auto; padding: 0 16px 24px; }
.page h2 { font-size: 13px; font-weight: normal; color: #444; margin: 14px 0 6px; }
.sheet { position: relative; max-width: 900px; background: #fff; }
.sheet img { display: block; width: 100%; height: 100%; }
.box, .note { position: absolute; }
.box { border: 2px solid var(--c); background: var(--f); cursor: pointer; }
.box.on { border-width: 3px; background: rgba(255, 214, 0, .45); z-index: 2; }
.box.low, .note { outline: 2px dashed var(--check); outline-offset: 1px; }
#rows h2 { font-size: 15px; margin: 16px 0 4px; padding-left: 6px; border-left: 6px solid var(--c); }
ol { list-style: none; margin: 0; padding: 0; }
.row { margin: 2px 0; padding: 3px 6px; border-left: 4px solid var(--c); cursor: pointer; }
.row:hover { background: #f3f3f3; }
.row.on { background: #fff1a8; }
.row .k { font-weight: bold; margin-right: 4px; }
.row .target { font-weight: bold; margin-left: 6px; }
.row .sub { color: #666; font-size: 12px; }
.row .pg { color: #888; font-size: 12px; float: right; margin-left: 6px; }
.row .text { white-space: pre-line; }
.row.check::before { content: "\\26A0"; color: var(--check); margin-right: 4px; }
.row .why { color: var(--check); font-size: 12px; margin: 2px 0 0; padding-left: 18px; list-style: disc; }
.lv2 { margin-left: 14px; } .lv3 { margin-left: 28px; } .lv4 { margin-left: 42px; }
details { margin: 10px 0 0; font-size: 13px; }
details li { margin: 2px 0; }
.only-check .row:not(.check), .only-check .box:not(.check) { display: none; }
""".strip()

# Rows and boxes find each other by row id: a box lists its rows in data-rows
# (a merged goal cell belongs to every row it spans).
JS = """
(function () {
  var current = [];
  function boxesOf(id) { return document.querySelectorAll('.box[data-rows~="' + id + '"]'); }
  function select(id, scroll) {
    var row = document.getElementById(id);
    if (!row || !row.classList.contains('row')) return;
    current.forEach(function (el) { el.classList.remove('on'); });
    var boxes = Array.prototype.slice.call(boxesOf(id));
    current = [row].concat(boxes);
    current.forEach(function (el) { el.classList.add('on'); });
    try { history.replaceState(null, '', '#' + id); } catch (e) { /* some file:// setups refuse */ }
    if (scroll === 'page') {
      (boxes[0] || document.getElementById('page-' + row.dataset.page)).scrollIntoView({block: 'center'});
    } else {
      row.scrollIntoView({block: 'nearest'});
    }
  }
  document.getElementById('rows').addEventListener('click', function (e) {
    var row = e.target.closest('.row');
    if (row) select(row.id, 'page');
  });
  document.getElementById('rows').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && e.target.classList.contains('row')) select(e.target.id, 'page');
  });
  document.getElementById('pages').addEventListener('click', function (e) {
    var box = e.target.closest('.box');
    if (box) select(box.dataset.rows.split(' ')[0], 'row');
  });
  var only = document.getElementById('only-check');
  only.addEventListener('change', function () { document.body.classList.toggle('only-check', only.checked); });
  // A link to a row (page.html#kpis-3) opens on that row, its boxes lit.
  if (location.hash) select(decodeURIComponent(location.hash.slice(1)), 'page');
})();
""".strip()
