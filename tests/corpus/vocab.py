"""Words and phrases for generated plans: agencies with their own fields of
work, and the template's fixed wording (headings, column labels, methods,
units), each with the variants agencies print.

Phrases are composed by generate.py; none of them is a sentence of a real
document.
"""

from __future__ import annotations

# agency -> (its units, nouns of its field, long-name of a work area)
AGENCIES: dict[str, dict[str, list[str]]] = {
    "交通部": {
        "units": ["路政司", "航政司", "公路局", "鐵道局", "民用航空局", "觀光署", "中央氣象署", "運輸研究所"],
        "fields": ["公共運輸", "道路安全", "軌道建設", "航空服務", "港埠營運", "觀光旅遊", "氣象預報", "智慧運輸"],
    },
    "文化部": {
        "units": ["文化資源司", "藝術發展司", "人文及出版司", "文化交流司", "影視及流行音樂產業局", "文化資產局"],
        "fields": ["文化資產", "表演藝術", "出版產業", "影視音產業", "博物館", "社區營造", "國家語言", "文化科技"],
    },
    "經濟部": {
        "units": ["產業發展署", "國際貿易署", "能源署", "水利署", "中小及新創企業署", "智慧財產局"],
        "fields": ["產業創新", "中小企業", "能源轉型", "水資源", "國際貿易", "智慧財產", "投資環境", "產業園區"],
    },
    "教育部": {
        "units": ["高等教育司", "技術及職業教育司", "國民及學前教育署", "體育署", "青年發展署", "資訊及科技教育司"],
        "fields": ["高等教育", "技職教育", "終身學習", "數位學習", "學生輔導", "青年發展", "國際教育", "體育運動"],
    },
    "衛生福利部": {
        "units": ["醫事司", "社會救助及社工司", "護理及健康照護司", "疾病管制署", "食品藥物管理署", "中央健康保險署"],
        "fields": ["長期照顧", "醫療照護", "防疫體系", "食品安全", "社會救助", "心理健康", "健康保險", "兒少保護"],
    },
    "勞動部": {
        "units": ["勞動條件及就業平等司", "勞動力發展署", "職業安全衛生署", "勞工保險局", "勞動基金運用局"],
        "fields": ["就業服務", "職業訓練", "職業安全", "勞動條件", "勞工保險", "勞動基金", "移工管理", "技能檢定"],
    },
    "內政部": {
        "units": ["戶政司", "地政司", "警政署", "消防署", "移民署", "國土管理署", "營建署"],
        "fields": ["戶政服務", "國土規劃", "社會治安", "防災救災", "移民輔導", "住宅政策", "地籍管理", "建築管理"],
    },
    "環境部": {
        "units": ["大氣環境司", "水質保護司", "資源循環署", "化學物質管理署", "氣候變遷署", "環境管理署"],
        "fields": ["空氣品質", "水質保護", "資源循環", "化學物質", "氣候變遷", "環境教育", "噪音管制", "土壤保護"],
    },
    "農業部": {
        "units": ["農糧署", "漁業署", "林業及自然保育署", "動植物防疫檢疫署", "農村發展及水土保持署", "農業試驗所"],
        "fields": ["農業生產", "漁業資源", "森林保育", "動植物防疫", "農村再生", "農產外銷", "糧食安全", "智慧農業"],
    },
    "數位發展部": {
        "units": ["數位策略司", "資源管理司", "資通安全署", "數位產業署", "民主網絡司", "多元創新司"],
        "fields": ["數位韌性", "資通安全", "寬頻網路", "數位服務", "開放資料", "數位產業", "數位包容", "網路治理"],
    },
    "海洋委員會": {
        "units": ["綜合規劃處", "海洋資源處", "海巡署", "海洋保育署", "國家海洋研究院"],
        "fields": ["海域安全", "海洋保育", "海洋資源", "海洋科研", "海洋產業", "海岸巡防", "海洋教育", "海洋污染"],
    },
    "國家發展委員會": {
        "units": ["綜合規劃處", "國土區域離島發展處", "產業發展處", "人力發展處", "管制考核處", "檔案管理局"],
        "fields": ["國家發展", "區域均衡", "人口政策", "法規調適", "政府資料", "檔案管理", "公共建設", "創業生態"],
    },
    "行政院主計總處": {
        "units": ["預算處", "會計決算處", "綜合統計處", "主計資訊處", "公務預算處"],
        "fields": ["預算編審", "會計制度", "政府統計", "主計資訊", "財務管理", "決算編製", "國民所得", "物價統計"],
    },
    "僑務委員會": {
        "units": ["僑民處", "僑商處", "僑生處", "僑教處", "資訊處"],
        "fields": ["僑民服務", "僑商經貿", "僑生輔導", "華語文教育", "僑社聯繫", "海外宣傳", "僑務資訊", "青年交流"],
    },
}
SHARED_UNITS = ["本部各單位", "秘書處", "人事處", "會計處", "政風處", "資訊處", "法制處", "綜合規劃司"]

VERBS = ["推動", "強化", "提升", "落實", "建立", "辦理", "精進", "擴大", "深化", "完善", "促進", "加強", "健全", "發展"]
AIMS = [
    "服務品質",
    "施政效能",
    "國際競爭力",
    "民眾參與",
    "管理制度",
    "資源配置",
    "跨域合作",
    "法制基礎",
    "專業人才",
    "數位治理",
    "永續發展",
    "區域均衡",
    "風險管理",
    "公共安全",
]
OBJECTS = [
    "資訊系統",
    "補助計畫",
    "輔導機制",
    "評估指標",
    "合作平臺",
    "人才培育",
    "示範計畫",
    "查核作業",
    "監測網絡",
    "服務據點",
    "推廣活動",
    "教育訓練",
    "基礎建設",
    "法規制度",
]
PURPOSES = [
    "以提升整體服務效能",
    "縮短城鄉落差",
    "確保民眾權益",
    "帶動民間投資",
    "強化國際合作",
    "落實政策目標",
    "因應社會變遷",
    "保障弱勢族群",
    "提高行政透明度",
    "建構友善環境",
]
LATIN = ["5G", "AI", "ICT", "ESG", "OECD", "APEC", "WHO", "SDGs", "IoT", "GIS", "Open Data", "e-Learning"]
SITES = ["www.gov.tw", "data.gov.tw", "www.ey.gov.tw", "www.ndc.gov.tw"]

COUNT_UNITS = ["件", "人次", "場次", "項", "處", "家", "案", "人", "所", "則", "筆", "座", "公里", "小時"]
METHODS = ["統計數據", "問卷調查", "書面審核", "專案評估", "實地查證"]
PLAN_CATEGORIES = ["公共建設", "科技發展", "社會發展", "其他"]
RISK_EVENTS = [
    "遭受天然災害",
    "執行進度落後",
    "資料外洩或遭竄改",
    "系統服務中斷",
    "預算執行率偏低",
    "發生重大公安事件",
    "人力斷層",
    "採購作業違失",
    "國際情勢變化",
    "疫情擴散影響",
]
MEASURE_VERBS = ["定期辦理", "建立", "落實", "督導", "加強", "訂定", "預擬", "委請專家辦理", "按季追蹤", "即時通報"]
MEASURE_OBJECTS = [
    "防災演練及應變機制",
    "管考系統並追蹤執行進度",
    "資通安全管理制度",
    "異地備份及復原程序",
    "內部控制及稽核作業",
    "替代方案及緊急聯繫窗口",
    "教育訓練及宣導活動",
    "契約管理及履約督導",
    "採購程序之審查",
    "跨機關聯繫通報機制",
]

# The template's part headings, by part, as agencies word them.
HEADINGS = {
    "goals": ["年度施政目標", "施政目標與重點", "年度施政目標及策略", "{year}年度施政目標", "年度施政目標與重點"],
    "kpis": ["年度關鍵績效指標", "關鍵績效指標", "{year}年度關鍵績效指標"],
    "common": ["年度共同性指標", "共同性指標", "{year}年度共同性指標"],
    "key_plans": ["年度重要計畫", "年度重要施政計畫", "重要計畫", "{year}年度重要施政計畫"],
    "risks": ["風險控制措施一覽表", "風險評估及處理彙整表", "風險管理及危機處理"],
}
# Column labels of each field, as agencies print them.
LABELS = {
    "goal": ["關鍵策略目標", "策略績效目標", "施政目標"],
    "common_goal": ["共同性目標"],
    "kpi": ["關鍵績效指標", "衡量指標"],
    "common_kpi": ["共同性指標"],
    "eval_system": ["評估體制"],
    "eval_method": ["評估方式"],
    "standard": ["衡量標準", "衡量標準（計算公式）"],
    "target": ["年度目標值", "{year}年度目標值"],
    "plan_linkage": ["與中長程個案計畫關聯"],
    "work_plan": ["工作計畫名稱", "工作計畫"],
    "item": ["重要計畫項目", "重要施政計畫項目"],
    "category": ["計畫類別"],
    "content": ["實施內容", "實施要項"],
    "kpi_links": ["與KPI關聯", "與關鍵績效指標關聯"],
    "risk": ["風險項目"],
    "measures": ["控制措施", "風險對策", "因應措施"],
    "owners": ["負責單位", "權責單位"],
}
# Labels of a number column printed on its own (編號 | 風險項目), and none at
# all. The pipeline knows such a column by what it holds, never by these words.
NUMBER_LABELS = ["編號", "項次", "序號", "No.", "", "項", "序", "代號", "風險編號", "指標編號", "NO"]
# Labels agencies outside the template print over the key-plan columns (a
# county heads its work plans 業務別). The pipeline never sees these words: it
# must know the columns by what they hold.
UNSEEN_LABELS = {
    "work_plan": ["業務別", "施政主軸", "業務範疇", "主軸", "施政領域", ""],
    "item": ["施政重點", "推動事項", "辦理項目", "策略措施"],
    "category": ["屬性", "性質", "計畫屬性", "分類", "型態"],
}
# Part headings in another agency's words (a local government's title for its
# KPI or key-plan part): in none of the template's words, which the rules know.
UNSEEN_HEADINGS = [
    "本府年度衡量項目",
    "施政成果評量",
    "年度工作成效檢核",
    "年度推動事項一覽",
    "年度施政績效評估",
    "業務推動成果",
]
# Printed columns the contract does not carry: a parser must ignore them.
EXTRA_COLUMNS = {
    "key_plan": ["預算金額（千元）", "備註"],
    "risk": ["風險情境", "影響程度", "發生機率", "風險值", "備註"],
}
COMMON_GOALS = [
    ("提升研發量能", ["行政及政策類研究經費比率"]),
    ("推動跨機關服務及合作流程", ["跨機關合作項目數"]),
    ("提升資產效益，妥適配置政府資源", ["機關年度資本門預算執行率", "機關於中程歲出概算額度內編報情形"]),
    ("提升人力資源素質與管理效能", ["機關年度預算員額增減率", "推動終身學習"]),
]

# --- the risk assessment (assessment.py) -------------------------------------
# Column labels of a register's assessment, as agencies print them. The rules
# may know these words; RISK_UNSEEN_LABELS they never see (a share of the
# columns are printed under them, marked in the table block's unseen_labels).
RISK_LABELS = {
    "scenario": ["風險情境", "風險描述", "風險情境描述"],
    "impact": ["影響程度", "衝擊程度", "影響", "嚴重程度", "影響等級"],
    "likelihood": ["發生機率", "發生可能性", "可能性", "機率", "發生頻率"],
    "risk_score": ["風險值", "風險分數", "風險指數"],
    "risk_level": ["風險等級", "風險程度"],
    "residual_score": ["殘餘風險值", "殘餘風險"],
}
RISK_UNSEEN_LABELS = {
    "scenario": ["情境說明", "可能情境", "事件情境"],
    "impact": ["損害程度", "後果", "衝擊性"],
    "likelihood": ["發生率", "可能程度", "頻率"],
    "risk_score": ["風險評分", "風險分值", "評分"],
    "risk_level": ["風險級別", "風險層級"],
    "residual_score": ["剩餘風險值", "處理後風險值"],
}
# The top cell over a group of assessment columns: the risk as it stands, and
# the residual risk after the new measures (its own 影響程度, 發生機率, 風險值).
RISK_GROUPS = {"current": ["風險評估", "現有風險", "風險分析"], "residual": ["殘餘風險"]}
RISK_UNSEEN_GROUPS = {"residual": ["剩餘風險", "處理後風險"]}
# A column of new measures (planned, not yet in place): the contract does not
# name it, so its text goes to `extra`.
NEW_MEASURE_LABELS = ["新增對策", "新增風險對策", "新增因應對策"]
# The scales: level words from lowest to highest, for 3 and 5 levels.
RISK_SCALES = {
    3: {
        "impact": ["輕微", "嚴重", "非常嚴重"],
        "likelihood": ["幾乎不可能", "可能", "幾乎確定"],
    },
    5: {
        "impact": ["極輕微", "輕微", "中等", "嚴重", "非常嚴重"],
        "likelihood": ["罕見", "不太可能", "可能", "很可能", "幾乎確定"],
    },
}
# Level words (low to high) and the lowest score of each level above the lowest.
RISK_LEVELS = {
    3: [(["低度", "中度", "高度"], [3, 6]), (["低", "中", "高"], [3, 6]), (["低風險", "中風險", "高風險"], [3, 6])],
    5: [
        (["低度", "中度", "高度"], [5, 15]),
        (["低", "中", "高", "極高"], [5, 10, 20]),
        (["低風險", "中風險", "高風險", "極高風險"], [5, 10, 20]),
    ],
}
RISK_MAP_CAPTIONS = ["風險圖像", "風險分布圖", "風險矩陣", "風險矩陣圖", "風險評估圖像"]
# Columns a KPI or key-plan table prints beside the contract's (to `extra`).
KPI_EXTRA_COLUMNS = ["權重", "備註", "資料來源", "評估週期"]
KEY_PLAN_EXTRA_COLUMNS = ["執行期程", "主辦機關", "備註", "預算金額（千元）", "經費來源"]
