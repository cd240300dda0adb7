"""The HTML report's page shell and stylesheet (screen and print), kept apart from the code that fills it."""

from __future__ import annotations

from string import Template

__all__ = ["CSP", "CSS", "PAGE"]

# Nothing may be fetched: styles and SVG are inline, there is no script. A stray external reference would be
# blocked by the browser and reported on its console, which the browser test watches.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
:root { --ink: #1d2733; --muted: #5b6675; --line: #c9d0da; --head: #1f3a68; --bar: #2f6fb3;
        --track: #e7ebf1; --red: #b3261e; --redbg: #fdecea; --over: #ffeb9c; --ok: #2e7d32; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; color: var(--ink); background: #fff;
       font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
             "SimSun", sans-serif; }
h1 { font-size: 22px; color: var(--head); margin: 0 0 4px; }
h2 { font-size: 19px; color: var(--head); margin: 0 0 4px; }
h3 { font-size: 15px; color: var(--head); margin: 18px 0 6px; }
.sub { color: var(--muted); margin: 0 0 14px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0 14px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; min-width: 110px; }
.card .k { color: var(--muted); font-size: 12px; }
.card .v { font-size: 20px; font-weight: 700; }
.card .v small { font-size: 13px; font-weight: 400; color: var(--muted); }
.card.total .v { color: var(--head); font-size: 26px; }
.alert { border-left: 4px solid var(--red); background: var(--redbg); color: var(--red); padding: 6px 12px;
         margin: 6px 0; font-weight: 600; }
.note { color: var(--muted); }
.outcome { color: #1a7f37; font-weight: bold; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 10px; }
svg.chart text { font-family: inherit; font-size: 13px; fill: var(--ink); }
svg.chart .bar { fill: var(--bar); }
svg.chart .bar.vetoed { fill: var(--red); }
svg.chart .bar.excluded { fill: #9aa5b4; }
svg.chart .track { fill: var(--track); }
svg.chart .val { font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; }
table.sheet { table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: 4px 7px; vertical-align: top; text-align: left; }
thead th { background: #eef1f6; color: var(--head); white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.no { white-space: nowrap; text-align: center; }
tr.k-category td { background: #f5f7fa; font-weight: 700; }
tr.d1 td.title { padding-left: 20px; }
tr.d2 td.title { padding-left: 36px; }
tr.d3 td.title { padding-left: 52px; }
tr.k-criterion td { font-size: 13px; }
td.lost { color: var(--red); font-weight: 700; }
td.over { background: var(--over); }
.badge { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 3px; margin-left: 4px;
         background: #b26a00; color: #fff; font-weight: 400; white-space: nowrap; }
ul.reasons { margin: 0; padding-left: 1.1em; }
ul.reasons li.deduct { color: var(--red); }
ul.reasons li.bonus { color: var(--ok); }
.ev { font-size: 12px; color: var(--muted); word-break: break-all; }
tr.vetoed td { color: var(--red); }
a { color: inherit; }
td.id { font-size: 12px; color: var(--muted); }
section.failures { border-left: 4px solid var(--red); padding: 2px 12px; margin: 8px 0 14px; }
section.failures h3, section.failures h4 { color: var(--red); }
section.failures h4 { margin: 8px 0 4px; font-size: 14px; }
section.failures ol { margin: 0 0 8px; padding-left: 1.6em; white-space: pre-wrap; }
tr.total td, tr.grade td { font-weight: 700; background: #f5f7fa; }
footer { margin-top: 24px; font-size: 12px; color: var(--muted); }
section.unit { margin-top: 28px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { padding: 0; font-size: 12px; }
  section.unit { break-before: page; margin-top: 0; }
  section.unit:first-child { break-before: auto; }
  thead { display: table-header-group; }
  tr, .card, svg.chart { break-inside: avoid; }
  h2, h3 { break-after: avoid; }  /* a heading stays with what it heads, never alone at the foot of a page */
  a { text-decoration: none; }
}
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="$csp">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scoring">
<title>$title</title>
<style>$css</style>
</head>
<body>
$body
</body>
</html>
""")
