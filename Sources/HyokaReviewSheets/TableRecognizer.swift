import HyokaModel

/// Tells which RS table a CSV holds from its header row alone.
///
/// File names change between years and downloads (「1-2_RS_2024_…」,
/// a renamed copy, an entry inside a zip), while the columns are the
/// site's contract. Each table is named by the few columns no other table
/// has; the table whose signature matches with the most columns wins, so
/// that 2-1, which also has a 「備考」, is never taken for 6-1.
enum TableRecognizer {
    /// The columns every RS table starts with; 予算事業ID and 事業年度 are the key.
    static let keyColumns = ["予算事業ID", "事業年度"]

    static let signatures: [(table: ReviewTable, columns: [String])] = [
        (.organisation, ["作成責任者", "その他担当組織_作成責任者_no"]),
        (.overview, ["事業の目的", "現状・課題", "事業の概要"]),
        (.policies, ["政策", "施策", "政策・施策URL"]),
        (.subsidyRates, ["補助対象", "補助率"]),
        (.relatedProjects, ["関連事業の事業ID", "関連性"]),
        (.budgetSummary, ["予算年度", "当初予算（合計）", "執行額（合計）", "執行率"]),
        (.budgetItems, ["予算年度", "予算種別", "予算額（歳出予算項目ごと）"]),
        (.outcomeLinks, ["派生元ー種別（アクティビティ・アウトプット・アウトカム）", "派生先ー種別（アクティビティ・アウトプット・アウトカム）"]),
        (.assessment, ["行政事業レビュー推進チームの所見", "事業所管部局による点検・改善ー点検結果"]),
        (.spendingFlows, ["支出元の支出先ブロック", "支出先の支出先ブロック"]),
        (.costItems, ["支出先ブロック番号", "費目", "使途", "金額"]),
        (.contracts, ["契約先名（国庫債務負担行為等による契約）", "契約額（国庫債務負担行為等による契約）"]),
        (.remarks, ["備考"]),
    ]

    /// The table `header` names, `.unknown` when none matches (the file is still an RS table when it has the key columns).
    static func table(for header: ColumnIndex) -> ReviewTable {
        var best: (table: ReviewTable, score: Int)?
        for signature in signatures where signature.columns.allSatisfy(header.contains) {
            if signature.columns.count > (best?.score ?? 0) { best = (signature.table, signature.columns.count) }
        }
        return best?.table ?? .unknown
    }
}
