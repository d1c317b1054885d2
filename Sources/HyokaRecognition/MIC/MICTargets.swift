import HyokaModel
import HyokaText

/// KPI tables that give targets only: 「主な業務 予算措置 主要な目標/KPI」,
/// each row a task, a 「○」 where a budget backs it, and the goal with its
/// target in brackets: 「○ システムの安定的稼働」「（システム稼働率が99.9%以上）」,
/// or in the goal's own words: 「重要無線通信妨害事案の早期解決」「割合85%」.
/// The year of the target is not printed per row (the table's note says
/// 「R４年度目標値または最終年度目標値」), so the points have no period.
enum KPITables {
    static func read(_ page: [Line], used: inout Set<Int>) -> [Indicator] {
        guard let headerIndex = page.firstIndex(where: { $0.containsLiteral("KPI") && !$0.containsLiteral("。") }) else { return [] }
        var result: [Indicator] = []
        // The table's note on which year its targets are for (「括弧内はR４年度目標値または最終年度目標値」).
        let yearNote = page[headerIndex...].first { $0.text.hasPrefix("※") && $0.containsLiteral("目標値") }
            .map { String($0.text.dropFirst()).trimmingJapaneseWhitespace() }
        var index = headerIndex + 1
        while index < page.count {
            let line = page[index]
            index += 1
            guard let mark = budgetMark(line.text) else { continue }
            // 再掲: a row printed again; the first printing is the indicator.
            guard !line.containsLiteral("再掲") else { continue }
            var lines = [line]
            var goal = [String(line.text[mark...].dropFirst()).trimmingJapaneseWhitespace()].filter { !$0.isEmpty }
            var note: [String] = []
            while index < page.count, !page[index].isBlank, budgetMark(page[index].text) == nil, !page[index].text.hasPrefix("✓") {
                let text = page[index].text
                if text.hasPrefix("（") || !note.isEmpty { note.append(text) } else { goal.append(text) }
                lines.append(page[index])
                index += 1
            }
            let noteText = LineShape.join(note)
            let goalText = LineShape.join(goal)
            // The threshold is the last figure: 「5点満点中3.5点以上」 → 3.5点.
            let fromNote = QuantityParser.quantities(in: TextNormalizer.normalize(noteText)).last
            let fromGoal = QuantityParser.quantities(in: TextNormalizer.normalize(goalText)).last
            guard let target = (fromNote ?? fromGoal)?.quantity, target.isNumeric, !goalText.isEmpty else { continue }
            var title = goalText
            if fromNote == nil, let range = goalText.range(of: target.text) { title = String(goalText[..<range.lowerBound]).trimmingJapaneseWhitespace() }
            let last = lines.last?.number ?? line.number
            var series = Indicator(title: title, unit: target.unit, role: .outcome, line: line.number, endLine: last)
            if !noteText.isEmpty { series.notes.append(noteText) }
            if let yearNote { series.notes.append(yearNote) }
            series.points.append(SeriesPoint(period: nil, kind: .target, quantity: target, line: last, endLine: last))
            result.append(series)
            used.formUnion(lines.map(\.number))
        }
        return result
    }

    /// Where the 予算措置 column's 「○」 stands: the whole line, its last cell, or a cell before the goal.
    private static func budgetMark(_ text: String) -> String.Index? {
        if text == "○" { return text.startIndex }
        if text.hasSuffix(" ○") { return text.index(before: text.endIndex) }
        return text.range(of: " ○ ").map { text.index(after: $0.lowerBound) }
    }
}

/// Targets and actuals stated in sentences:
///
/// - 「デジタル実装に取り組む地方公共団体を、2024年度までに1,000団体」「2027年度までに1,500団体とする。」
/// - 「令和７年度末までに…を100％」
/// - 「基盤展開率の令和３年度末（2021年度末）の実績値は 約43.7％（当初計画では約23.6％）」
enum ProseTargets {
    static func read(_ page: [Line], used: Set<Int>) -> [Indicator] {
        var result: [Indicator] = []
        var subject: String?
        // Targets are outcomes; an actual stated against its plan is a reference figure (no target is expected of it).
        func add(_ title: String, _ point: SeriesPoint, line: Line, role: Indicator.Role = .outcome) {
            if let index = result.firstIndex(where: { $0.title == title }) {
                result[index].points.append(point)
                result[index].endLine = max(result[index].endLine, line.number)
            } else {
                result.append(Indicator(title: title, unit: point.unit, role: role, points: [point], line: line.number, endLine: line.number))
            }
        }
        for line in page where !line.isBlank && !used.contains(line.number) {
            // Normalising folds letters, digits and spaces, never kana or kanji:
            // a line without 「までに」 or 「実績値は」 has neither once normalised.
            guard line.containsLiteral("までに") || line.containsLiteral("実績値は") else { continue }
            let text = TextNormalizer.normalize(LineShape.bullet(line.text)?.rest ?? line.text)
            if text.containsLiteral("までに") {
                for target in deadlineTargets(text, subject: &subject) {
                    add(target.subject, SeriesPoint(period: target.period, kind: .target, quantity: target.quantity, line: line.number, endLine: line.number), line: line)
                }
            }
            if text.containsLiteral("実績値は") {
                for (title, point) in statedActuals(text, line: line) { add(title, point, line: line, role: .reference) }
            }
        }
        return result
    }

    struct Target {
        var subject: String
        var period: Period
        var quantity: Quantity
    }

    /// 「…を、2024年度までに1,000団体」: the period just before 「までに」,
    /// the first figure of the clause after it, and what 「を」 marks.
    static func deadlineTargets(_ text: String, subject: inout String?) -> [Target] {
        var targets: [Target] = []
        var rest = Substring(text)
        while let range = rest.range(of: "までに") {
            let before = String(text[text.startIndex..<range.lowerBound])
            rest = text[range.upperBound...]
            // The period ends right before 「までに」 (「2024年度までに」, 「令和７年度末までに」).
            guard let mention = PeriodParser.mentions(in: before).last, ["", "末"].contains(String(before.dropFirst(mention.range.upperBound))),
                  let period = mention.periods.last else { continue }
            // The clause after 「までに」 ends at 「、」 or 「。」.
            let clause = String(rest.prefix { $0 != "、" && $0 != "。" })
            guard let figure = QuantityParser.quantities(in: clause).first, figure.quantity.isNumeric, figure.quantity.unit != nil else { continue }
            let clauseHead = String(clause.prefix(figure.range.lowerBound))
            if let wo = clauseHead.range(of: "を") {
                subject = String(clauseHead[..<wo.lowerBound]).trimmingJapaneseWhitespace()
            } else {
                let head = String(before.prefix(mention.range.lowerBound)).trimmingJapaneseWhitespace()
                var named = head
                for suffix in ["を、", "を", "、"] where named.hasSuffix(suffix) { named = String(named.dropLast(suffix.count)) }
                named = named.components(separatedBy: "。").last ?? named
                named = named.components(separatedBy: "、").last ?? named
                if named.count >= 2 { subject = named }
            }
            guard let subject else { continue }
            targets.append(Target(subject: subject, period: period, quantity: figure.quantity))
        }
        return targets
    }

    /// 「Xの令和３年度末（2021年度末）の実績値は 約43.7％（当初計画では約23.6％）」.
    static func statedActuals(_ text: String, line: Line) -> [(String, SeriesPoint)] {
        guard let actualRange = text.range(of: "実績値は"), let of = text.range(of: "の") else { return [] }
        let subject = String(text[..<of.lowerBound]).trimmingJapaneseWhitespace()
        let head = String(text[..<actualRange.lowerBound])
        guard subject.count >= 2, let period = PeriodParser.periods(in: head).first,
              let actual = QuantityParser.quantities(in: String(text[actualRange.upperBound...])).first?.quantity, actual.isNumeric else { return [] }
        var points = [(subject, SeriesPoint(period: period, kind: .actual, quantity: actual, line: line.number, endLine: line.number))]
        if let planRange = text.range(of: "計画では"), let plan = QuantityParser.quantities(in: String(text[planRange.upperBound...])).first?.quantity, plan.isNumeric {
            points.append((subject, SeriesPoint(period: period, kind: .plan, quantity: plan, line: line.number, endLine: line.number)))
        }
        return points
    }
}

/// Infrastructure-plan statements (整備計画): headed figures with their
/// deadline and the latest actual beside them.
///
/// - 「＊５G基盤展開率※１：2023年度末98％（2021年度末実績：43.7％）」: subject, target, actual in brackets
/// - 「＊4Gエリア外人口：2021年度末0.6万人→2023年度末０人」: from the actual to the target
/// - 「③ 5Ｇ人口カバー率※２」「【2023年度末】」「全国95%（2021年度末実績:93.2%）・全市区町村に５G基地局を整備（合計28万局）」:
///   the heading names the subject, the bracket the year; a figure in another
///   unit is another subject, named by what 「を」 marks before it (５G基地局);
///   a figure under a qualifier other than 全国 (「各都道府県90%」「高速道路については100%」)
///   is the subject for that part.
enum PlanStatements {
    nonisolated(unsafe) static let headed = #/^(?:[＊*]\s*)?(?<subject>[^：:。、]{2,30}?)(?:※\s*[0-9])?\s*[：:]\s*(?<rest>.*[0-9].*)$/#
    nonisolated(unsafe) static let circledHeading = #/^[①-⑳]\s*(?<subject>[^。、%]{2,40}?)(?:※\s*[0-9])?$/#
    nonisolated(unsafe) static let deadline = #/^【(?<period>[^】]*年度末?)】$/#

    static func read(_ page: [Line], used: Set<Int>) -> [Indicator] {
        var result: [Indicator] = []
        var heading: String?
        var period: Period?
        var subjectByUnit: [String: String] = [:]
        func add(_ title: String, _ point: SeriesPoint) {
            if let index = result.firstIndex(where: { $0.title == title }) {
                result[index].points.append(point)
                result[index].endLine = max(result[index].endLine, point.line)
            } else {
                result.append(Indicator(title: title, unit: point.unit, role: .outcome, points: [point], line: point.line, endLine: point.line))
            }
        }
        for line in page where !line.isBlank && !used.contains(line.number) {
            let text = TextNormalizer.normalize(line.text)
            let literals = line.literals(normalized: text)
            // Each pattern runs only on a line that has the literal it needs:
            // these run on every line of every slide.
            let first = text.unicodeScalars.first?.value ?? 0
            if (0x2460...0x2473).contains(first), let match = text.wholeMatch(of: circledHeading) {
                heading = String(match.output.subject).trimmingJapaneseWhitespace()
                period = nil
                subjectByUnit = [:]
                continue
            }
            if text.hasLiteralPrefix("【"), let match = text.wholeMatch(of: deadline) {
                period = PeriodParser.period(in: String(match.output.period))
                continue
            }
            if literals.contains("：") || literals.contains(":"), text.unicodeScalars.contains(where: { ("0"..."9").contains($0) }),
               mayBeHeaded(text), let match = text.wholeMatch(of: headed), QuantityParser.parse(String(match.output.subject)).value == nil,
               !match.output.subject.contains(where: { "（(「".contains($0) }) {
                let subject = String(match.output.subject).trimmingJapaneseWhitespace()
                for (title, point) in figures(String(match.output.rest), subject: subject, context: nil, subjectByUnit: &subjectByUnit, line: line) {
                    add(title, point)
                }
            } else if literals.contains("。") {
                // A sentence ends the headed block: its figures are not the plan's.
                heading = nil
                period = nil
            } else if let heading, let period {
                for (title, point) in figures(text, subject: heading, context: period, subjectByUnit: &subjectByUnit, line: line) {
                    add(title, point)
                }
            }
        }
        return result
    }

    /// False for text `headed` cannot match. Its 「：」 is the first of
    /// 「：」「:」「。」「、」 in the text (the subject and what may follow it
    /// hold none of them), and a digit comes after it. Text that is not all
    /// standalone scalars (a mark may make one of them another character) is
    /// left to the pattern, which costs far more than this scan.
    static func mayBeHeaded(_ text: String) -> Bool {
        guard text.isStandalone else { return true }
        let scalars = text.unicodeScalars
        guard let stop = scalars.firstIndex(where: { $0 == "：" || $0 == ":" || $0 == "。" || $0 == "、" }),
              scalars[stop] == "：" || scalars[stop] == ":" else { return false }
        return scalars[scalars.index(after: stop)...].contains { ("0"..."9").contains($0) }
    }

    /// The figures of one statement, each with the subject it is about.
    static func figures(
        _ text: String, subject: String, context: Period?, subjectByUnit: inout [String: String], line: Line
    ) -> [(String, SeriesPoint)] {
        let characters = CharacterScalars(text)
        let mentions = PeriodParser.mentions(in: characters)
        let quantities = QuantityParser.quantities(in: characters).filter { match in
            // A year (「2023年度末」) is not a figure, nor is the 5 of 「5G」.
            match.quantity.isNumeric && !mentions.contains { $0.range.overlaps(match.range) }
                && characters.scalar(at: match.range.upperBound).map { !($0.isASCII && $0.properties.isAlphabetic) } ?? true
        }
        var mainUnit: String?
        var result: [(String, SeriesPoint)] = []
        for match in quantities {
            let before = characters.string(0..<match.range.lowerBound)
            let after = characters.string(match.range.upperBound..<characters.count)
            // The period written right before the figure (「2023年度末98%」, 「2021年度末実績:93.2%」).
            let own = mentions.last { mention in
                mention.range.upperBound <= match.range.lowerBound
                    && ["", "末", "末実績:", "末実績：", "実績:", "実績："].contains(characters.string(mention.range.upperBound..<match.range.lowerBound).trimmingJapaneseWhitespace())
            }
            // Under a 【year】 bracket a figure needs a unit to be a target (「４者」 is not one).
            guard let period = own?.periods.last ?? (match.quantity.unit != nil ? context : nil) else { continue }
            let stated = own.map { characters.string($0.range.upperBound..<match.range.lowerBound) } ?? ""
            let kind: SeriesPoint.Kind = stated.contains("実績") || after.hasPrefix("→") ? .actual : .target
            var title = subject
            let unit = match.quantity.unit ?? ""
            if mainUnit == nil { mainUnit = unit }
            if unit != mainUnit {
                // Another quantity: named by what 「を」 marks in its clause, or as before.
                let clause = before.split(whereSeparator: { "・、。".contains($0) }).last.map(String.init) ?? before
                if let wo = clause.lastIndex(of: "を") {
                    let phrase = String(clause[..<wo])
                    title = phrase.split(separator: "に").last.map(String.init) ?? phrase
                } else if let named = subjectByUnit[unit] {
                    title = named
                }
                subjectByUnit[unit] = title
            } else if let qualifier = qualifier(before), kind == .target {
                // 「全国・各都道府県99%」: the figure holds for both.
                let parts = qualifier.components(separatedBy: "・").filter { $0 != "全国" }
                if qualifier.components(separatedBy: "・").contains("全国") {
                    result.append((subject, SeriesPoint(period: period, kind: kind, quantity: match.quantity, line: line.number, endLine: line.number)))
                }
                for part in parts {
                    result.append(("\(subject)（\(part)）", SeriesPoint(period: period, kind: kind, quantity: match.quantity, line: line.number, endLine: line.number)))
                }
                continue
            }
            result.append((title, SeriesPoint(period: period, kind: kind, quantity: match.quantity, line: line.number, endLine: line.number)))
        }
        return result
    }

    /// The part of the whole a figure holds for: 「各都道府県」 in 「・各都道府県90%」,
    /// 「高速道路」 in 「高速道路については100%」, 「全国・各都道府県」 in 「全国・各都道府県99%」.
    static func qualifier(_ before: String) -> String? {
        var text = before
        for suffix in ["については", "では", "は"] where text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)); break }
        // What stands after the last figure or bracket: the words of this figure.
        let cut = text.lastIndex { $0.isNumber || "）)%。、".contains($0) }
        let words = String(cut.map { text[text.index(after: $0)...] } ?? Substring(text)).trimmingJapaneseWhitespace()
        let trimmed = words.hasPrefix("・") ? String(words.dropFirst()) : words
        // 「2023年度末98%」: the words before the figure are its year, not a part of the whole.
        guard !trimmed.isEmpty, trimmed.count <= 12, !trimmed.contains("を"), !trimmed.contains("年") else { return nil }
        return trimmed
    }
}
