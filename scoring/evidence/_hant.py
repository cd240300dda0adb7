"""Traditional → simplified characters, for matching labels and enum values written in 繁体.

Only what matching needs: a header or a value written in traditional characters
(seed 002 is) is compared with the rulebook's simplified labels after mapping
each character through this table; it matches only if exactly one label is equal
(``match_label``). A character missing from the table simply does not match, and
the user gets the usual "unknown column / value, did you mean" message: nothing
is guessed.

The table (482 pairs) was generated once with OpenCC (``t2s`` / ``s2t``, single
characters only) from every character of the seed documents, the bundled rulebook
and the template's own headers. It is data, not a dependency: see docs/dependencies.md.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["match_label", "to_simplified"]

_TRAD = (
    "萬與專業東兩嚴並個豐臨爲麗舉義樂習鄉書乾爭於雲產親從儀們價衆優會偉傳傷體餘來係傾"
    "備兒黨內關興養冊寫農決況淨準減幾鳳擊劃則創別劉辦務動勵勁勞勢匯區醫華協單賣佔衛歷"
    "厲壓縣參雙發變臺號後聽啓吶員諮響問啟團園圍國圖圓場堅報塊牆壩壯處復夠頭奮獎婦媽娛"
    "嬰學實審寬對尋導將堯盡層屆屬歲崗鞏師幟帶幫幗幹廣慶牀應廟庫開棄張強歸當錄徹徵徑態"
    "總戀惡悅懸愛願戰戶執擴掃揚護擔擬掛揮換據捲採攝攤擇擻擺敵數斷無時顯曉暫暢術機雜權"
    "條傑極構標欄樹樣檔橋夢檢楊樓橫歡殘畢氣溝沒潔測濟渾濃湧潤溫遊灣滿滅燈靈點為煉熱牽"
    "狀獨獄獻環現電畝畫監蓋眾礎碩確禮禪離種積稱稅穩窩競筆築篩籌籤簡節範簽類紀紅納純紙"
    "級緊細組結統經綜維綱網緒線編績織繞續糾約紛紐練終紹繪給絡絕繼綻綠緣羣職聯聞肅勝脅"
    "脫臉腦輿艱藝薦榮獲營藥雖蟬補裝見規視觀覽觸訂計訊訓記訪設評詢話譽認語課誼調談論謀"
    "講識議讓討謳許證詐訴試詩該詳誤說請讀諧謝財貢貧貫責貼資質賽負賬費賦贍贏趙趕跡踐車"
    "軍較輕輪輸轉載輔輻轄闢邊達遷過運還這進遠違連適選遺鄰鬱鄧裏針鑑鍊鍛鎮錢鋪鋒錘長門"
    "間閒閱隊陣階際陳險隨隱難韻頁項順頒領頻題顧頌預風飛飽館饋駕駛駐驛驗騙驟髮鮮鶯齊齡"
    "龍龕"
)
_SIMP = (
    "万与专业东两严并个丰临为丽举义乐习乡书干争于云产亲从仪们价众优会伟传伤体余来系倾"
    "备儿党内关兴养册写农决况净准减几凤击划则创别刘办务动励劲劳势汇区医华协单卖占卫历"
    "厉压县参双发变台号后听启呐员咨响问启团园围国图圆场坚报块墙坝壮处复够头奋奖妇妈娱"
    "婴学实审宽对寻导将尧尽层届属岁岗巩师帜带帮帼干广庆床应庙库开弃张强归当录彻征径态"
    "总恋恶悦悬爱愿战户执扩扫扬护担拟挂挥换据卷采摄摊择擞摆敌数断无时显晓暂畅术机杂权"
    "条杰极构标栏树样档桥梦检杨楼横欢残毕气沟没洁测济浑浓涌润温游湾满灭灯灵点为炼热牵"
    "状独狱献环现电亩画监盖众础硕确礼禅离种积称税稳窝竞笔筑筛筹签简节范签类纪红纳纯纸"
    "级紧细组结统经综维纲网绪线编绩织绕续纠约纷纽练终绍绘给络绝继绽绿缘群职联闻肃胜胁"
    "脱脸脑舆艰艺荐荣获营药虽蝉补装见规视观览触订计讯训记访设评询话誉认语课谊调谈论谋"
    "讲识议让讨讴许证诈诉试诗该详误说请读谐谢财贡贫贯责贴资质赛负账费赋赡赢赵赶迹践车"
    "军较轻轮输转载辅辐辖辟边达迁过运还这进远违连适选遗邻郁邓里针鉴炼锻镇钱铺锋锤长门"
    "间闲阅队阵阶际陈险随隐难韵页项顺颁领频题顾颂预风飞饱馆馈驾驶驻驿验骗骤发鲜莺齐龄"
    "龙龛"
)
_T2S = str.maketrans(_TRAD, _SIMP)


def to_simplified(text: str) -> str:
    """``text`` with each traditional character of the table replaced by its simplified form."""
    return text.translate(_T2S)


def match_label(text: str, labels: Iterable[str]) -> str | None:
    """The one label equal to ``text`` once both are simplified; None if none or several match."""
    key = to_simplified(text.strip())
    found = {lab for lab in labels if to_simplified(lab) == key}
    return found.pop() if len(found) == 1 else None
