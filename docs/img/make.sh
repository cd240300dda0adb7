#!/usr/bin/env bash
# Regenerate the print screenshots of docs/reports.md from the bundled example (rules/2023, evidence/2023):
#
#   print-sheet-y-zhen.png   Y镇's xlsx score sheet, page 1, as LibreOffice prints it (soffice --headless → PDF →
#                            pdftoppm -r 60)
#   print-ranking.png        the ranking sheet of `scoring rank -f xlsx`, printed the same way
#   report-html.png          the HTML report of `scoring rank -f html`, as headless Chromium draws it
#   print-feedback-y-zhen-1.png, -2.png
#                            Y镇's 反馈单 (`scoring feedback`), both printed pages
#
# Usage, from anywhere: docs/img/make.sh        (PYTHON=/path/to/python to use another interpreter)
# Needs: soffice (libreoffice-calc-nogui), pdftoppm (poppler-utils), chromium, fonts-noto-cjk.
# Every tool runs with a fresh profile in a temporary folder; nothing outside docs/img/ is written.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
py=${PYTHON:-$repo/.venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scoring() { "$py" -m scoring "$@"; }

book=rules/2023/x-county-fulian.yaml
scoring score "$book" evidence/2023/y-zhen -f xlsx -o "$tmp/sheet.xlsx" >/dev/null
scoring rank "$book" evidence/2023 -f xlsx -o "$tmp/ranking.xlsx" >/dev/null
scoring rank "$book" evidence/2023 -f html -o "$tmp/report.html" >/dev/null
scoring feedback "$book" evidence/2023 -o "$tmp/feedback" >/dev/null
cp "$tmp/feedback/Y镇/反馈单.xlsx" "$tmp/feedback.xlsx"

office_pdf() {  # workbook → PDF next to it, with a LibreOffice profile of its own
  soffice "-env:UserInstallation=file://$tmp/lo-profile" --headless --convert-to pdf --outdir "$tmp" "$1" >/dev/null 2>&1
}
page_png() {  # PDF, page, target: one page at 60 dpi (an A4 landscape page is 702 × 496 pixels)
  pdftoppm -png -r 60 -f "$2" -l "$2" -singlefile "$1" "$tmp/page"
  mv "$tmp/page.png" "$here/$3"
}
for x in sheet ranking feedback; do office_pdf "$tmp/$x.xlsx"; done
page_png "$tmp/sheet.pdf" 1 print-sheet-y-zhen.png
page_png "$tmp/ranking.pdf" 1 print-ranking.png
page_png "$tmp/feedback.pdf" 1 print-feedback-y-zhen-1.png
page_png "$tmp/feedback.pdf" 2 print-feedback-y-zhen-2.png

chrome=$(command -v chromium || command -v chromium-browser)
"$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$tmp/chromium-profile" \
  --hide-scrollbars --force-device-scale-factor=0.5 --window-size=1100,1700 \
  --screenshot="$here/report-html.png" "file://$tmp/report.html" >/dev/null 2>&1

ls -l "$here"/*.png
