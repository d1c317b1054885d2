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
            ("query", "検索語", "Query"), ("any", "すべて", "Any"), ("year", "公表年", "Year"), ("results", "件", "results"), ("resultsAtLeast", "件以上", "or more results"),
            ("noResults", "該当する箇所はありません。", "No passage matches."), ("rule", "ルール", "Rule"), ("message", "内容", "Message"),
            ("viewSource", "原文を見る", "View source"), ("language", "English", "日本語"), ("languageCode", "en", "ja"),
            ("skip", "本文へ移動", "Skip to content"), ("chartOf", "推移のグラフ", "Chart of"), ("rating", "評定", "Rating"),
            ("count", "件数", "Count"), ("none", "なし", "None"), ("api", "API", "API"), ("download", "データのダウンロード", "Downloads"),
            ("references", "参考文献・リンク", "References"), ("notes", "注記", "Notes"), ("field", "分野", "Field"), ("byType", "評価の種類別件数（評価書に記載の内訳）", "Evaluations by type (as the reports break them down)"),
            ("linkedProjects", "行政事業レビューの事業", "Review-sheet projects (administrative project reviews)"),
            ("projectTotals", "紐づく事業の予算・執行の計（百万円、予算年度別）", "Linked projects' budget and execution by budget year (¥ million)"),
            ("projectID", "予算事業ID", "Project ID"), ("projectName", "事業名", "Project"), ("verdict", "推進チームの所見", "Review team's verdict"),
            ("budgetYear", "予算年度", "Budget year"), ("available", "歳出予算現額（百万円）", "Available budget (¥ million)"),
            ("initial", "当初予算", "Initial budget"), ("supplementary", "補正予算", "Supplementary budget"),
            ("initialAndSupplementary", "当初＋補正", "Initial + supplementary"), ("linkReason", "つながりの理由", "Why linked"),
            ("projectCount", "事業数", "Projects"), ("confirmed", "確認済み", "confirmed"), ("rejected", "却下", "rejected"),
            ("projectsByMinistry", "府省別の事業（行政事業レビュー）", "Projects by ministry (administrative project reviews)"), ("projects", "事業", "Projects"),
            ("sheetYear", "事業年度", "Sheet year"), ("allMinistries", "全府省", "All ministries"), ("noVerdict", "所見なし", "No verdict"),
            ("verdictByRate", "推進チームの所見と執行率", "Verdicts and execution rates"),
            ("verdictByRateCaption", "推進チームの所見別・直近の執行率別の事業数", "projects by the review team's verdict and latest execution rate"),
            ("total", "計", "Total"), ("projectList", "事業一覧", "Project list"), ("sortBy", "並べ替え", "Sort by"), ("order", "順序", "Order"),
            ("ascending", "昇順", "Ascending"), ("descending", "降順", "Descending"), ("show", "表示", "Show"),
            ("sort_id", "予算事業ID", "Project ID"), ("sort_name", "事業名", "Project"), ("sort_verdict", "推進チームの所見", "Verdict"),
            ("sort_rate", "執行率", "Execution rate"), ("sort_available", "歳出予算現額（百万円）", "Available budget (¥ million)"),
            ("sort_execution", "執行額（百万円）", "Execution (¥ million)"),
            ("reviewSheetHits", "行政事業レビューシート", "Review sheets (administrative project reviews)"),
            ("previousPage", "前へ", "Previous"), ("nextPage", "次へ", "Next"),
            ("facts", "本文中の数値", "Figures in the text"), ("subject", "対象", "Subject"), ("fact", "数値", "Figure"),
            ("targetYear", "目標年度", "target year"), ("yearAxis", "年度", "Year"), ("legend", "凡例", "Legend"),
            ("reasonLabel", "理由", "Reason"), ("where", "箇所", "Where"), ("reflection", "反映状況", "Reflection"),
            ("reviewTeamVerdict", "行政事業レビュー推進チームの所見", "Verdict of the administrative review team"),
            ("selfCheck", "点検結果", "Self-check"), ("improvement", "改善の方向性", "Direction of improvement"),
            ("evaluationLinks", "評価書とのつながり", "Links to evaluations"), ("score", "スコア", "score"),
            ("fundFlow", "資金の流れ", "Flow of funds"), ("payer", "支出元", "From"), ("payee", "支出先", "To"), ("remark", "補足", "Note"),
            ("payeeBlocks", "支出先ブロック（費目・使途の計）", "Payee blocks (totals by item and use)"), ("block", "ブロック", "Block"),
            ("payeeCount", "支出先数", "Payees"), ("amountMillions", "金額（百万円）", "Amount (¥ million)"),
            ("initialShort", "当初", "Initial"), ("supplementaryShort", "補正", "Supplementary"),
            ("budgetLegend", "予算額", "Budget"), ("executionLegend", "執行額", "Execution"), ("actualLegend", "実績", "Actual"),
            ("targetLegend", "目標", "Target"), ("pathLegend", "目標への経路", "Path to the target"),
            ("millionYen", "百万円", "¥ million"), ("projectIDAndYear", "予算事業ID", "Project ID"), ("group", "区分", "Item"), ("unit", "単位", "Unit"),
            ("signIn", "ログイン", "Sign in"), ("signOut", "ログアウト", "Sign out"), ("signedInAs", "ログイン中", "Signed in as"),
            ("userName", "ユーザー名", "User name"), ("password", "パスワード", "Password"),
            ("wrongPassword", "ユーザー名またはパスワードが違います。", "The user name or password is wrong."),
            ("accountLocked", "パスワードの誤りが続いたため、このアカウントはしばらくログインできません。時間をおいて再度お試しください。",
             "Too many wrong passwords: this account is locked for a while. Try again later."),
            ("tooManyAttempts", "ログインの試行が多すぎます。1分ほど待ってから再度お試しください。", "Too many sign-in attempts: wait a minute and try again."),
            ("publicPages", "公開されている評価書・検索・データはログインせずに閲覧できます。", "Published evaluations, search and data can be read without signing in."),
            ("compare", "府省別の比較", "Comparison by ministry"), ("evaluations", "評価（施策・政策）", "Evaluations"),
            ("notRated", "評価なし", "Not rated"), ("notStated", "記載なし", "None stated"), ("statedCount", "記載の評定あり", "With a stated judgement"),
            ("findingsTotal", "指摘の計", "All findings"), ("budgetRows", "予算・執行の行", "Budget rows"),
            ("unknownMinistry", "府省不明", "Ministry unknown"), ("unknownYear", "年度不明", "Year unknown"),
            ("compare_documents", "比較：文書の一覧", "Comparison: documents"), ("compare_evaluations", "比較：評価の一覧", "Comparison: evaluations"),
            ("compare_findings", "比較：指摘の一覧", "Comparison: findings"), ("compare_budget", "比較：予算・執行の一覧", "Comparison: budget and execution"),
            ("document", "文書", "Document"), ("policy", "政策・施策", "Policy"), ("computedRating", "算定の評定", "Computed rating"),
            ("statedRating", "記載の評定", "Stated judgement"), ("programme", "事業・区分", "Programme"),
            ("budgetPrinted", "予算額（記載のまま）", "Budget as printed"), ("executionPrinted", "執行額（記載のまま）", "Execution as printed"),
            ("ratingsByMinistry", "府省別の評定（指標から算定）", "Ratings by ministry (computed from indicators)"),
            ("findingsBySeverity", "府省別・重要度別の指摘", "Findings by ministry and severity"),
            ("evaluationUnit", "評価の数", "evaluations"), ("findingUnit", "指摘の数", "findings"),
            ("statedRatings", "報告書に記載の評定", "Judgements stated in the reports"), ("findingsByRule", "ルール別の指摘", "Findings by rule"),
            ("filter", "絞り込み", "Filter"), ("backToCompare", "比較の表へ戻る", "Back to the comparison"),
            ("budgetByMinistry", "府省別の予算・執行（事業ごと、合算しない）", "Budget and execution by ministry (each programme apart, never added together)"),
            ("allRows", "すべての行", "All rows"), ("rateNote", "執行率は同じ行の執行額÷予算額（百万円に換算した値）です。", "Each execution rate is the row's execution divided by its budget (both in ¥ million)."),
            ("budgetApart", "予算額と執行額は、府省ごと・事業ごとの行に分けて示します（府省や事業をまたいで合算しません）。執行率は各行の数値から計算します。", "Budget and execution are shown as rows, one per ministry and programme (never added across ministries or programmes); each rate is computed from its row's figures."),
            ("budgetRowsUnit", "行", "rows"),
            ("compareNote", "年度は文書の公表日が属する年度です。評定は指標から算定したもの、記載の評定は報告書の文言から読み取ったものです。", "The year is the fiscal year in which a document was published. Ratings are computed from the indicators; stated judgements are read from the reports' own words."),
            ("compareTable", "府省・年度別の評価・評定・指摘・予算", "Evaluations, ratings, findings and budget by ministry and year"),
            ("chartNumbers", "グラフの数値", "The chart's numbers"),
            ("computingTotals", "評定・指摘・予算の集計を計算中です。しばらくしてから再読み込みしてください。評価書の数", "Ratings, findings and budget totals are being computed; reload in a while. Evaluations"),
        ]
        return Dictionary(uniqueKeysWithValues: (pairs + Self.draftLabels + Self.auditLabels + Self.publicationLabels).map { ($0.0, self == .japanese ? $0.1 : $0.2) })
    }

    /// 「政策2：」 / "Policy 2: " — the heading prefix of a numbered policy.
    func policyHeading(_ number: String) -> String {
        number.isEmpty ? "" : (self == .japanese ? "政策\(number)：" : "Policy \(number): ")
    }

    /// What the search page says when more passages match than a search ranks (`SearchQuery.candidateLimit`):
    /// the hits are the best of the `candidates` most recently added matches, and narrowing ranks them all.
    func rankedAmongNewest(_ candidates: Int) -> String {
        let number = WebApp.number(Double(candidates))
        return self == .japanese
            ? "該当する箇所が多いため、新しく登録された\(number)件の中から関連度の高い順に表示しています（すべての該当箇所の中での順位ではありません）。府省・公表年・種別で絞り込むと、該当が\(number)件以下になれば、すべての該当箇所から順位付けします。"
            : "Many passages match: these are the most relevant of the \(number) matches added to the library most recently, not of every match. Narrow the search by ministry, year or kind: once \(number) or fewer passages match, all of them are ranked."
    }

    /// 「分野3：」 / "Field 3: "
    func fieldHeading(_ number: String) -> String {
        number.isEmpty ? "" : (self == .japanese ? "分野\(number)：" : "Field \(number): ")
    }

    /// A period as readers of each language write it: 「2021年度」 / "FY2021".
    func period(_ period: Period?) -> String {
        switch (period, self) {
        case (nil, _): ""
        case (.fiscalYear(let year)?, .japanese): "\(year)年度"
        case (.year(let year)?, .japanese): "\(year)年"
        case (.asOf(let date)?, .japanese): "\(date.iso8601)時点"
        case (let period?, .english): period.description
        }
    }

    /// 重要度: the words a reviewer reads, not the enum's raw value.
    func severity(_ severity: Finding.Severity) -> String {
        switch (severity, self) {
        case (.error, .japanese): "エラー"
        case (.warning, .japanese): "警告"
        case (.info, .japanese): "情報"
        case (.error, .english): "Error"
        case (.warning, .english): "Warning"
        case (.info, .english): "Info"
        }
    }

    /// The government's five ratings; the official Japanese labels are `Rating.label`.
    func rating(_ rating: Rating) -> String {
        guard self == .english else { return rating.label }
        return switch rating {
        case .exceeded: "Target exceeded"
        case .achieved: "Target achieved"
        case .substantialProgress: "Substantial progress"
        case .limitedProgress: "Limited progress"
        case .notProgressing: "Not moving toward the target"
        }
    }

    /// 測定指標・参考指標・成果目標・活動モニタリング指標, as the reports name them.
    func role(_ role: Indicator.Role) -> String {
        let (japanese, english): (String, String) = switch role {
        case .measure: ("測定指標", "Measured indicator")
        case .reference: ("参考指標", "Reference indicator")
        case .outcome: ("成果目標", "Outcome target")
        case .activity: ("活動モニタリング指標", "Activity monitoring indicator")
        }
        return self == .japanese ? japanese : english
    }

    func figureKind(_ kind: Figure.Kind) -> String {
        let (japanese, english): (String, String) = switch kind {
        case .caption: ("写真", "Photo")
        case .chart: ("グラフ", "Chart")
        case .table: ("表", "Table")
        }
        return self == .japanese ? japanese : english
    }

    /// A budget group's name. MOFA's tables give the measure's own budget and
    /// its 分担金・拠出金 (recorded as `measure` and `contributions`); other
    /// groups are the programme names the reports print, shown as they are.
    func budgetGroup(_ group: String) -> String {
        switch (group, self) {
        case ("measure", .japanese): "施策の予算"
        case ("contributions", .japanese): "分担金・拠出金"
        case ("measure", .english): "Measure"
        case ("contributions", .english): "Contributions"
        default: group
        }
    }

    /// A review rule's name (docs/review-rules.md): its id is for machines
    /// and the API, the name for the page. An id the catalogue does not know
    /// yet is shown as it is rather than hidden.
    func ruleName(_ rule: String) -> String {
        guard let names = Self.ruleNames[rule] else { return rule }
        return self == .japanese ? names.0 : names.1
    }

    static let ruleNames: [String: (String, String)] = [
        "indicator-moving-away": ("目標から遠ざかる指標", "Indicator moving away from its target"),
        "indicator-behind": ("目標への経路を下回る指標", "Indicator behind the path to its target"),
        "indicator-not-met": ("目標年度に未達", "Target year passed, target not met"),
        "indicator-without-target": ("目標値のない指標", "Indicator without a target"),
        "target-not-quantified": ("数値でない目標値", "Target not a number"),
        "indicator-without-target-year": ("目標年度のない指標", "Indicator without a target year"),
        "indicator-without-baseline": ("基準値のない指標", "Indicator without a baseline"),
        "unit-mismatch": ("単位の混在", "Units mixed in a series"),
        "period-mismatch": ("期間の混在", "Periods mixed in a series"),
        "actual-below-plan": ("計画を下回る実績", "Actual below plan"),
        "actual-pending": ("示されていない実績値", "Actual still pending"),
        "targets-without-actuals": ("実績のない目標", "Targets without actuals"),
        "achieved-but-projects-criticised": ("達成とされたが事業に厳しい所見", "Achieved, yet its projects were criticised"),
        "budget-vs-projects": ("予算と事業の計の食い違い", "Budget against its projects"),
        "conflicting-values": ("値の食い違い", "Conflicting values"),
        "evidence-not-found": ("根拠が見つからない", "Evidence not found"),
        "goal-dropped": ("目標の取り下げ", "Goal dropped"),
        "goal-without-indicator": ("指標のない目標", "Goal without an indicator"),
        "low-execution": ("低い執行率", "Low execution rate"),
        "project-low-execution": ("事業の低い執行率", "Project with a low execution rate"),
        "project-without-outcome-links": ("成果につながらない事業", "Project without outcome links"),
        "stated-vs-computed": ("記載の評定と算定の評定の違い", "Stated rating against computed rating"),
        "sum-mismatch": ("合計の不一致", "Sum does not add up"),
        "values-reconciled": ("値の食い違いの解消", "Values reconciled"),
    ]

    /// A review message in this language. The Japanese messages write fiscal
    /// years as the English notation 「FY2022」; a Japanese page reads 「2022年度」.
    func message(_ text: LocalizedText) -> String {
        self == .english ? text.en : text.ja.replacing(/FY(\d{4})/) { "\($0.output.1)年度" }
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

/// The HTML page of an error, in the language the reader asked for. The
/// messages themselves are written in English (they name parameters and
/// limits), so on a Japanese page they are marked `lang="en"`.
enum ErrorPage {
    static func html(status: Int, reason: String, message: String, choices: String = "", language: Language) -> String {
        let heading: String = switch (status, language) {
        case (400, .japanese): "リクエストが正しくありません"
        case (404, .japanese): "見つかりません"
        case (405, .japanese): "このメソッドは使えません"
        case (_, .japanese): status >= 500 ? "サーバーの内部エラー" : "リクエストを処理できません"
        case (_, .english): reason
        }
        let home = language == .english ? "Back to the dashboard" : "ダッシュボードへ戻る"
        let homeLink = language == .english ? "/?lang=en" : "/"
        return "<!doctype html><html lang=\"\(language.rawValue)\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>\(status) \(HTML.escape(heading)) — Hyoka</title>"
            + "<link rel=\"stylesheet\" href=\"/static/hyoka.css\"></head><body>"
            + "<a class=\"skip\" href=\"#main\">\(language.labels["skip"] ?? "")</a><main id=\"main\"><h1>\(status) \(HTML.escape(heading))</h1>"
            + "<p>\(HTML.englishQuoting(message))</p>\(choices)<p><a href=\"\(homeLink)\">\(home)</a></p></main></body></html>"
    }
}
