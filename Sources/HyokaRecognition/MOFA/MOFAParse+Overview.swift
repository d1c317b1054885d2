import HyokaModel
import HyokaText

/// The measure overview (施策 level): the numbered lists of objectives,
/// results and next objectives, the outside experts' opinions and the
/// budget table.
extension MOFAParse {
    // MARK: Numbered lists whose numbers follow their items

    enum ListKind { case objectives, results, nextObjectives }

    /// 施策目標, 主な評価結果 and 次期施策目標 print each item's number to its
    /// left, vertically centred, so pdftotext emits it after the item's text:
    /// glued to the last line (「…発信する。1」) or on a line of its own. A
    /// number lost at a page break is inferred from the sequence.
    mutating func parseNumberedList(_ section: SheetSection, lead: [Line], leadText: String, kind: ListKind, draft: inout FieldDraft) {
        var pending: [Line] = []
        var pendingText: [String] = []
        var pendingStartsPage = false
        var lastNumber = 0
        var leadLines = lead
        var leadTexts = leadText.isEmpty ? [] : [leadText]

        func emit(_ number: Int, extra: Line? = nil, into parse: inout MOFAParse) {
            guard let first = pending.first else { return }
            let last = extra ?? pending[pending.count - 1]
            let text = LineShape.join(pendingText)
            parse.claims.claim(first.number...last.number)
            switch kind {
            case .objectives:
                parse.policy.objectives.append(Goal(number: number, text: text, cycle: .current, line: first.number, endLine: last.number))
            case .nextObjectives:
                parse.policy.nextObjectives.append(Goal(number: number, text: text, cycle: .next, line: first.number, endLine: last.number))
            case .results:
                parse.policy.results.append(TextBlock(heading: String(number), text: text, line: first.number, endLine: last.number))
            }
            lastNumber = number
            pending = []
            pendingText = []
            pendingStartsPage = false
        }

        for line in section.lines {
            if line.isBlank { continue }
            if line.startsPage, !pending.isEmpty {
                emit(lastNumber + 1, into: &self)
            }
            if let number = LineShape.loneNumber(line.text), !pending.isEmpty {
                emit(number, extra: line, into: &self)
                continue
            }
            if let number = LineShape.loneNumber(line.text) {
                claims.claim(line.number)
                artifacts.append(LayoutArtifact(kind: .pageNumber, text: String(number), line: line.number, endLine: line.number))
                continue
            }
            if LineShape.isURL(line.text) {
                claims.claim(line.number)
                policy.references.append(Reference(kind: .url, text: line.text, url: line.text, line: line.number, endLine: line.number))
                continue
            }
            if pending.isEmpty { pendingStartsPage = line.startsPage }
            if lastNumber == 0, pending.isEmpty, !leadTexts.isEmpty, !LineItems.endsSentence(leadLines) {
                // The lead sentence of 施策目標 wraps onto this line.
                leadLines.append(line)
                leadTexts.append(line.text)
                continue
            }
            if let split = LineShape.trailingItemNumber(line.text), split.number == lastNumber + 1 || split.number == lastNumber + 2 {
                pending.append(line)
                pendingText.append(split.text)
                emit(split.number, into: &self)
                continue
            }
            pending.append(line)
            pendingText.append(line.text)
        }
        if let block = leadLines.block(heading: kind == .objectives ? "施策目標" : nil, text: LineShape.join(leadTexts)) {
            claims.claim(block.line...block.endLine)
            policy.overview.append(block)
        }
        guard !pending.isEmpty else { return }
        let text = LineShape.join(pendingText)
        // Text that opens a page, or the 「以下を達成する。」 lead, introduces the next section.
        if pendingStartsPage || text.hasSuffix("以下を達成する。") {
            if let block = pending.block(heading: text.hasSuffix("以下を達成する。") ? "次期施策目標" : nil, text: text) {
                claims.claim(block.line...block.endLine)
                policy.overview.append(block)
            }
        } else {
            emit(lastNumber + 1, into: &self)
        }
    }

    // MARK: Experts and budget

    mutating func parseExperts(_ section: SheetSection) {
        for item in LineItems.group(section.lines) {
            guard let first = item.lines.first, let last = item.lines.last else { continue }
            switch item {
            case .bullet:
                claims.claim(first.number...last.number)
                policy.expertComments.append(ExpertOpinion(
                    text: item.text, field: MOFAPatterns.citedField(item.text), line: first.number, endLine: last.number
                ))
            case .url:
                claims.claim(first.number...last.number)
                policy.references.append(Reference(kind: .url, text: item.text, url: item.text, line: first.number, endLine: last.number))
            case .note:
                claims.claim(first.number...last.number)
                if let block = item.lines.block() { policy.notes.append(block) }
            default:
                continue
            }
        }
    }

    /// 予算額・執行額等: a header row of fiscal years, rows labelled 予算の状況 /
    /// 執行額, groups 「施策の予算額・執行額等（分担金・拠出金除く）」 and
    /// 「同（分担金・拠出金）」, and a note giving the unit (「百万円単位」).
    mutating func parseBudget(_ section: SheetSection) {
        guard let headingLine = section.headingLine, let years = TableReader.yearHeader(headingLine.text) else {
            warnings.append("Budget table without a row of fiscal years; kept as text.")
            return
        }
        var group = "measure"
        var label = ""
        var unit: String?
        var rows: [(line: Line, kind: Budget.Kind, group: String, label: String, values: [Quantity])] = []
        for line in section.lines where !line.isBlank {
            let text = line.text
            if text.contains("単位") {
                unit = text.contains("百万円") ? "百万円" : text.contains("千円") ? "千円" : text.contains("億円") ? "億円" : unit
                claims.claim(line.number)
                policy.notes.append(TextBlock(heading: "予算額・執行額等", text: text, line: line.number, endLine: line.number))
                continue
            }
            if let row = TableReader.valueRow(text) {
                var rowLabel = row.label
                if rowLabel.contains("分担金・拠出金") && !rowLabel.contains("除く") {
                    group = "contributions"
                    label = rowLabel.components(separatedBy: " ").first ?? rowLabel
                    rowLabel = String(rowLabel.dropFirst(label.count)).trimmingJapaneseWhitespace()
                }
                let kind: Budget.Kind = rowLabel.contains("執行") ? .execution : .budget
                rows.append((line, kind, group, label, row.values))
                claims.claim(line.number)
            } else {
                // Group label lines: 「施策の予算額・執行額等」「（分担金・拠出金除く）」.
                label = label.isEmpty || rows.count > 0 && rows.last?.label != label ? text : label + text
                if text.contains("分担金・拠出金") && !text.contains("除く") { group = "contributions" }
                claims.claim(line.number)
            }
        }
        for row in rows {
            for (index, value) in row.values.enumerated() where index < years.count {
                guard case .fiscalYear(let year) = years[index] else { continue }
                policy.budget.append(Budget(
                    group: row.group, label: row.label.isEmpty ? row.group : row.label, kind: row.kind, fiscalYear: year,
                    amount: value.value, text: value.text, unit: value.unit ?? unit, line: row.line.number, endLine: row.line.number
                ))
            }
        }
    }

}
