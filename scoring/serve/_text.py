"""The workbench's own words in English (the Chinese text in the templates is the key).

Only the workbench's words are here; messages and explanations from the engine are Chinese data and stay
Chinese, as on the command line. A test checks that every ``t("…")`` in the templates has an entry.
"""

from __future__ import annotations

__all__ = ["EN"]

EN: dict[str, str] = {
    "考评细则评分工作台": "Assessment scoring workbench",
    "首页": "Home", "规则对比": "Compare rules", "审计日志": "Audit log", "确定": "OK",
    "核查人": "Reviewer", "请填写您的姓名": "Your name", "工作目录": "Workspace",
    "已上传并重新评分。": "Uploaded and scored again.",
    "已标记为不属实，并重新评分。": "Marked as not true, and scored again.",
    "已记入酌情扣分，并重新评分。": "Discretionary deduction recorded, and scored again.",
    "已撤销，并重新评分。": "Undone, and scored again.",
    "警告": "Warning", "错误": "Error", "您是不是想写": "Did you mean", "提示": "Hint",
    "出错了": "Something is wrong", "回到首页": "Back to the home page",
    "各年度的考评细则": "Rulebooks by year",
    "工作目录里还没有规则文件：把规则文件放到 rules/年度/ 下，各单位的材料放到 evidence/年度/单位/ 下。":
        "The workspace has no rule file yet: put rule files under rules/<year>/ and each unit's files under "
        "evidence/<year>/<unit>/.",
    "年度": "Year", "规则文件": "Rule file", "检查结果": "Check", "单位数": "Units", "个错误": "errors",
    "没有错误": "no errors", "个警告": "warnings", "排名和各单位得分": "Leaderboard and units' scores",
    "没有规则文件": "no rule file", "规则文件检查": "Rule file check", "没有发现问题。": "No problems found.",
    "排名": "Rank", "满分": "Full marks", "名次": "Rank", "单位": "Unit", "总分": "Total", "等次": "Grade",
    "说明": "Notes", "一票否决": "Veto", "不参与排名": "not ranked", "下载": "Download",
    "这一年还没有单位的材料。": "No unit has files for this year yet.",
    "材料有问题、暂不能评分的单位": "Units whose files have problems (not scored yet)",
    "新增单位": "Add a unit", "单位文件夹名": "Unit folder name", "例如 c-xiang": "e.g. c-xiang",
    "填好的模板或材料文件": "Filled-in template or evidence files", "上传并检查": "Upload and check",
    "上传后立即检查：有问题时不保存，并写明第几行哪一列；没有问题才保存，原来的文件留在 .history 里。":
        "Checked at once: with a problem nothing is saved and the row and column are named; without one the "
        "files are saved and the previous ones kept in .history.",
    "分": "points", "自评": "self-assessed", "证据材料（逐条核查）": "Evidence (review each record)",
    "序号": "No.", "考核项目": "Item", "分值": "Points", "自评分": "Self-assessed", "核定分": "Scored",
    "扣分原因": "Deductions", "查看这一项的全部来由": "See where every point of this item comes from",
    "核查意见": "Reviews", "不属实": "Not true", "酌情扣分": "Discretionary deduction",
    "还没有核查意见。": "No reviews yet.", "酌情扣分的条目": "Item", "扣分": "Deduct", "理由": "Reason",
    "记入酌情扣分": "Record the deduction",
    "这个单位的材料有问题，还不能评分。按下面的提示改正后重新上传：":
        "This unit's files have problems and cannot be scored yet. Correct them as described below and upload again:",
    "这个单位还没有材料。": "This unit has no files yet.", "上传材料": "Upload files",
    "这个单位的操作记录": "Changes to this unit",
    "时间": "Time", "操作": "Action", "对象": "Target", "操作前": "Before", "操作后": "After",
    "撤销": "Undo", "已撤销": "undone",
    "核查不属实": "Rejected as not true",
    "每一次上传、核查不属实、酌情扣分和撤销都记在这里，只增不改；撤销是新的一条记录。":
        "Every upload, rejection, discretionary deduction and undo is recorded here; entries are only ever "
        "added, and an undo is a new entry.",
    "导出 Excel": "Export to Excel", "还没有记录。": "Nothing recorded yet.",
    "所属": "Under", "细则原文": "Rubric text", "规则位置": "Rule", "考核单位": "Assessed by",
    "考核方式": "Method", "记账（每一分的来由）": "Ledger (where every point comes from)", "项目": "Node",
    "计算用到的数值": "Values used", "计入的证据": "Evidence counted", "未计入的证据": "Evidence not counted",
    "如何挽回失分": "How to win the points back", "编号": "ID", "类型": "Type", "来源": "Source",
    "内容": "Content", "未计入的原因": "Why not counted", "（无）": "(none)",
    "证据材料": "Evidence", "的证据材料": "— evidence", "共": "",
    "条记录；每条写明来自哪个文件的哪一行。核查不属实的记录不计分，写明原因后记入核查意见和审计日志。":
        "records, each with the file and row it came from. A record rejected as not true is not counted; the "
        "reason goes into the reviews and the audit log.",
    "状态": "Status", "核查": "Review", "未计入": "Not counted", "计入": "Counted",
    "标记为不属实": "Reject as not true", "已标记为不属实": "Rejected as not true",
    "不属实的原因": "Why it is not true",
    "两个年度的规则对比": "Compare two years' rules", "原规则": "Old", "新规则": "New", "对比": "Compare",
    "与": "compared with", "相比": "", "处改动": "changes", "改动": "Change", "条目": "Item",
    "原规定": "Before", "新规定": "After", "各类别分值": "Points per category", "类别": "Category",
    "要对比，工作目录里至少要有两个规则文件。": "Comparing needs at least two rule files in the workspace.",
    "上传的材料有问题": "The uploaded files have problems",
    "上传的材料有问题，没有保存": "The uploaded files have problems: nothing was saved",
    "文件": "Files", "按下面写明的位置改正后，再上传一次：": "Correct them where shown below, then upload again:",
    "重新上传": "Upload again",
}
