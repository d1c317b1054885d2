import HyokaModel

/// The interface language: Japanese by default, English on request (?lang=en).
enum Language: String {
    case japanese = "ja"
    case english = "en"

    /// Labels for the templates, keyed by name.
    var labels: [String: String] {
        let pairs: [(String, String, String)] = [
            ("appName", "Hyoka 評価", "Hyoka"),
            ("tagline", "政策評価を構造化データに", "Policy evaluations as structured data"),
            ("dashboard", "ダッシュボード", "Dashboard"), ("search", "検索", "Search"), ("documents", "文書", "Documents"),
            ("source", "出典", "Source"), ("kind", "種別", "Kind"), ("ministry", "府省", "Ministry"), ("title", "表題", "Title"),
            ("published", "公表", "Published"), ("policies", "政策・施策", "Policies"), ("fields", "個別分野", "Fields"),
            ("indicators", "指標", "Indicators"), ("unparsed", "未解析の行", "Unparsed lines"), ("byMinistry", "府省・年別の文書数", "Documents by ministry and year"),
            ("ratings", "評定の分布（指標から算定）", "Ratings (computed from indicators)"), ("findings", "点検の指摘", "Review findings"),
            ("severity", "重要度", "Severity"), ("budget", "予算額・執行額", "Budget and execution"), ("fiscalYear", "年度", "Fiscal year"),
            ("budgetAmount", "予算額（百万円）", "Budget (¥ million)"), ("execution", "執行額（百万円）", "Execution (¥ million)"), ("executionRate", "執行率", "Execution rate"),
            ("goals", "中期目標", "Mid-term goals"), ("nextGoals", "次回評価時に向けての中期目標", "Goals for the next cycle"),
            ("initiatives", "取組", "Initiatives"), ("achievements", "主な取組・成果", "Achievements"), ("directions", "今後の方向性", "Direction ahead"),
            ("assessment", "評価結果", "Assessment"), ("experts", "外部有識者の所見", "Outside experts' opinions"),
            ("objectives", "施策目標", "Objectives"), ("sections", "構成", "Sections"), ("figures", "図表・写真", "Figures"),
            ("lines", "行", "Lines"), ("value", "値", "Value"), ("period", "期間", "Period"), ("pointKind", "区分", "Kind"),
            ("query", "検索語", "Query"), ("any", "すべて", "Any"), ("year", "公表年", "Year"), ("results", "件", "results"),
            ("noResults", "該当する箇所はありません。", "No passage matches."), ("rule", "ルール", "Rule"), ("message", "内容", "Message"),
            ("viewSource", "原文を見る", "View source"), ("language", "English", "日本語"), ("languageCode", "en", "ja"),
            ("skip", "本文へ移動", "Skip to content"), ("chartOf", "推移のグラフ", "Chart of"), ("rating", "評定", "Rating"),
            ("count", "件数", "Count"), ("none", "なし", "None"), ("api", "API", "API"), ("download", "データのダウンロード", "Downloads"),
            ("references", "参考文献・リンク", "References"), ("notes", "注記", "Notes"), ("field", "分野", "Field"), ("byType", "評価の種類別件数（評価書に記載の内訳）", "Evaluations by type (as the reports break them down)"),
            ("linkedProjects", "行政事業レビューの事業", "Review-sheet projects (行政事業レビュー)"),
            ("projectTotals", "紐づく事業の予算・執行の計（百万円、予算年度別）", "Linked projects' budget and execution by budget year (¥ million)"),
            ("projectID", "予算事業ID", "Project ID"), ("projectName", "事業名", "Project"), ("verdict", "推進チームの所見", "Review team's verdict"),
            ("budgetYear", "予算年度", "Budget year"), ("available", "歳出予算現額（百万円）", "Available budget (¥ million)"),
            ("initial", "当初予算", "Initial budget"), ("supplementary", "補正予算", "Supplementary budget"),
            ("initialAndSupplementary", "当初＋補正", "Initial + supplementary"), ("linkReason", "つながりの理由", "Why linked"),
            ("projectCount", "事業数", "Projects"), ("confirmed", "確認済み", "confirmed"),
            ("projectsByMinistry", "府省別の事業（行政事業レビュー）", "Projects by ministry (行政事業レビュー)"), ("projects", "事業", "Projects"),
            ("sheetYear", "事業年度", "Sheet year"), ("allMinistries", "全府省", "All ministries"), ("noVerdict", "所見なし", "No verdict"),
            ("verdictByRate", "推進チームの所見と執行率", "Verdicts and execution rates"),
            ("verdictByRateCaption", "推進チームの所見別・直近の執行率別の事業数", "projects by the review team's verdict and latest execution rate"),
            ("total", "計", "Total"), ("projectList", "事業一覧", "Project list"), ("sortBy", "並べ替え", "Sort by"), ("order", "順序", "Order"),
            ("ascending", "昇順", "Ascending"), ("descending", "降順", "Descending"), ("show", "表示", "Show"),
            ("sort_id", "予算事業ID", "Project ID"), ("sort_name", "事業名", "Project"), ("sort_verdict", "推進チームの所見", "Verdict"),
            ("sort_rate", "執行率", "Execution rate"), ("sort_available", "歳出予算現額（百万円）", "Available budget (¥ million)"),
            ("sort_execution", "執行額（百万円）", "Execution (¥ million)"),
            ("reviewSheetHits", "行政事業レビューシート", "Review sheets (行政事業レビュー)"),
            ("previousPage", "前へ", "Previous"), ("nextPage", "次へ", "Next"),
            ("computingTotals", "評定・指摘・予算の集計を計算中です。しばらくしてから再読み込みしてください。評価書の数", "Ratings, findings and budget totals are being computed; reload in a while. Evaluations"),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.map { ($0.0, self == .japanese ? $0.1 : $0.2) })
    }

    /// What a point of a series is, as the reports name it: 計画 and 見込み
    /// are not 実績, and a reader must be able to tell them apart.
    func pointKind(_ kind: SeriesPoint.Kind) -> String {
        let (japanese, english): (String, String) = switch kind {
        case .actual: ("実績", "Actual")
        case .plan: ("計画", "Plan")
        case .forecast: ("見込み", "Forecast")
        case .target: ("目標", "Target")
        case .baseline: ("基準値", "Baseline")
        case .achievement: ("達成度", "Achievement")
        }
        return self == .japanese ? japanese : english
    }
}
