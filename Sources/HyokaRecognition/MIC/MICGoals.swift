import HyokaModel
import HyokaText

/// Goals a slide states in sentences that wrap over lines, and what the
/// slide prints about the same goal elsewhere:
///
/// - the deadline said first, the figure later in the sentence, often a line
///   below: 「2025年度末までの当面の目標として、…、2020年度末を起点として、全体と
///   して＋約16GHz幅の帯域確保を目指す。」. What the figure is of follows it
///   (「…の帯域確保を目指す」); the period 「を起点として」 marks is the baseline's.
/// - a goal quoted from a strategy, the figure perhaps wrapped from its unit:
///   「「2025年のインフラシステム受注34」「兆円」（うちデジタル分野11兆円）という政府全体の目標」:
///   the quote holds the period, the subject and the figure; 「（うち…）」 is the part of it.
/// - under a progress heading (「・進捗状況」), the first figure of the sentence
///   in the goal's unit: how far the goal has come (an actual, for no stated period).
/// - a diagram's box, a label that opens with a period over a lone figure in
///   the goal's unit (「2020年度末の帯域幅の合計」「約37GHz幅」): the baseline when
///   the period is the goal's 起点, the target again (counted once) when it is its deadline.
///
/// A point spans the statement from its first line to the figure's last, so
/// a deadline a line above the figure belongs to it.
enum GoalStatements {
    static func read(_ page: [Line], used: Set<Int>) -> [Indicator] {
        // Every shape is of a goal (目標): most slides name none.
        guard page.contains(where: { $0.containsLiteral("目標") }) else { return [] }
        let sentences = Sentence.all(in: page, used: used)
        var goals: [Goal] = []
        var result: [Indicator] = []
        func add(_ title: String, _ point: SeriesPoint) {
            guard let index = result.firstIndex(where: { $0.title == title }) else {
                result.append(Indicator(title: title, unit: point.unit, role: .outcome, points: [point], line: point.line, endLine: point.endLine))
                return
            }
            // The same figure printed again (the diagram repeating the sentence) is one point.
            guard !result[index].points.contains(where: { $0.kind == point.kind && $0.period == point.period && $0.value == point.value && $0.unit == point.unit }) else { return }
            result[index].points.append(point)
            result[index].line = min(result[index].line, point.line)
            result[index].endLine = max(result[index].endLine, point.endLine)
        }
        for sentence in sentences {
            if let goal = deadlineGoal(sentence) {
                add(goal.title, goal.point)
                goals.append(goal)
            }
            for (title, point) in quotedGoals(sentence) { add(title, point) }
        }
        guard !goals.isEmpty else { return result }
        let content = page.filter { !$0.isBlank && !used.contains($0.number) }
        for (position, line) in content.enumerated() where position + 1 < content.count {
            let next = content[position + 1]
            if isProgressHeading(line.text), let sentence = sentences.first(where: { $0.firstLine == next.number }),
               let (goal, point) = progress(sentence, goals: goals.filter { $0.point.line < line.number }) {
                add(goal.title, point)
            } else if let (goal, point) = boxedFigure(label: line, figure: next, goals: goals) {
                add(goal.title, point)
            }
        }
        return result
    }

    /// A goal read from its sentence: what it is of, its deadline's target, and the period it counts from.
    struct Goal {
        var title: String
        var point: SeriesPoint
        var origin: Period?
    }

    // MARK: Sentences

    /// One sentence of a slide, rebuilt from the lines it wraps over.
    struct Sentence {
        /// Normalised, the wrapped lines joined.
        var text: String
        /// Character offset where each of its lines starts, with the line's number.
        var starts: [(offset: Int, line: Int)]
        /// `text.isStandalone`, found once for the run of lines the sentence
        /// was cut from (a piece of standalone text is standalone), so that
        /// the shapes' literal tests do not each check the whole text again.
        var isStandalone: Bool

        init(text: String, starts: [(offset: Int, line: Int)], isStandalone: Bool? = nil) {
            self.text = text
            self.starts = starts
            self.isStandalone = isStandalone ?? text.isStandalone
        }

        /// The text for literal tests.
        var literals: LiteralText { LiteralText(text, isStandalone: isStandalone) }

        var firstLine: Int { starts[0].line }

        /// The number of the line holding the character at `offset`.
        func line(at offset: Int) -> Int {
            starts.last { $0.offset <= offset }?.line ?? firstLine
        }

        /// The page's sentences: a run of lines, each wrapping onto the next,
        /// cut after every 「。」.
        static func all(in page: [Line], used: Set<Int>) -> [Sentence] {
            var result: [Sentence] = []
            var run: [Line] = []
            func flush() {
                defer { run.removeAll() }
                guard !run.isEmpty else { return }
                let (text, starts) = joined(run)
                let standalone = text.isStandalone
                for (range, start, end) in cuts(text, isStandalone: standalone) {
                    let lineStarts = starts.filter { $0.offset > start && $0.offset <= end }.map { (offset: $0.offset - start, line: $0.line) }
                    let first = starts.last { $0.offset <= start } ?? starts[0]
                    result.append(Sentence(text: String(text[range]), starts: [(0, first.line)] + lineStarts, isStandalone: standalone))
                }
            }
            for line in page {
                guard !line.isBlank, !used.contains(line.number) else { flush(); continue }
                if let last = run.last, !wraps(last.text, onto: line.text) { flush() }
                run.append(line)
            }
            flush()
            return result
        }

        /// The sentences of `text`: cut after every 「。」 and at its end, each
        /// with the character offsets of its first and last character.
        ///
        /// Text of standalone scalars is cut by scalar (a scalar is a
        /// character there), without building an array of `Character`s and
        /// comparing each with 「。」; other text is cut by character.
        static func cuts(_ text: String, isStandalone: Bool? = nil) -> [(range: Range<String.Index>, start: Int, end: Int)] {
            var result: [(range: Range<String.Index>, start: Int, end: Int)] = []
            if isStandalone ?? text.isStandalone, let ends = text.utf8.withContiguousStorageIfAvailable(sentenceEnds) {
                // By UTF-8 byte: a scalar starts at every byte that is not a
                // continuation byte (10xxxxxx), and 「。」 is E3 80 82.
                let bytes = text.utf8
                var start = 0
                var startIndex = bytes.startIndex
                for (byteEnd, offset) in ends {
                    let end = bytes.index(bytes.startIndex, offsetBy: byteEnd)
                    result.append((startIndex..<end, start, offset))
                    start = offset + 1
                    startIndex = end
                }
                return result
            }
            let characters = Array(text.indices)
            var start = 0
            for offset in characters.indices where text[characters[offset]] == "。" || offset == characters.count - 1 {
                let end = offset + 1 < characters.count ? characters[offset + 1] : text.endIndex
                result.append((characters[start]..<end, start, offset))
                start = offset + 1
            }
            return result
        }

        /// Where `cuts` ends each sentence of UTF-8 of standalone scalars:
        /// the byte offset after its last scalar, and that scalar's offset.
        private static func sentenceEnds(_ bytes: UnsafeBufferPointer<UInt8>) -> [(byteEnd: Int, offset: Int)] {
            var ends: [(byteEnd: Int, offset: Int)] = []
            var offset = -1
            for index in bytes.indices {
                let byte = bytes[index]
                if byte & 0xC0 != 0x80 { offset += 1 }
                let next = index + 1
                let endsScalar = next == bytes.count || bytes[next] & 0xC0 != 0x80
                guard endsScalar else { continue }
                if next == bytes.count || byte == 0x82 && index >= 2 && bytes[index - 1] == 0x80 && bytes[index - 2] == 0xE3 {
                    ends.append((next, offset))
                }
            }
            return ends
        }

        /// The run's lines normalised and joined as `LineShape.join` joins
        /// them, with the character offset where each line starts.
        ///
        /// Lines of standalone scalars (every scalar a character of its own)
        /// are appended in place and counted by scalar; any other line (a
        /// combining mark may merge with the character before it) is counted
        /// on the joined text. Same answer either way; the first is linear in
        /// the run, where joining and counting the whole text at every line
        /// was quadratic in it.
        static func joined(_ run: [Line]) -> (text: String, starts: [(offset: Int, line: Int)]) {
            var text = ""
            var count = 0
            var starts: [(offset: Int, line: Int)] = []
            for line in run {
                let piece = TextNormalizer.normalize(line.text).trimmingJapaneseWhitespace()
                if piece.isStandalone, text.unicodeScalars.last?.isStandalone ?? true {
                    let spaced = LineShape.append(piece, to: &text)
                    let length = piece.unicodeScalars.count
                    count += (spaced ? 1 : 0) + length
                    starts.append((count - length, line.number))
                } else {
                    LineShape.append(piece, to: &text)
                    count = text.count
                    starts.append((count - piece.count, line.number))
                }
            }
            return (text, starts)
        }

        /// A line wraps onto the next when it is as long as a column of text
        /// (a diagram's labels are short), ends no sentence, and the next
        /// line starts no item or note of its own.
        static func wraps(_ text: String, onto next: String) -> Bool {
            !text.hasCharacterCount(atMost: 29) && !text.hasLiteralSuffix("。") && LineShape.bullet(next) == nil && !next.hasLiteralPrefix("※")
        }
    }

    // MARK: Shapes

    /// 「<period>までの…目標として、…<figure>の<subject>を目指す。」: the deadline
    /// phrase names a goal (目標) and comes before the figure; the figure is the
    /// first with a unit after it, outside brackets.
    static func deadlineGoal(_ sentence: Sentence) -> Goal? {
        // The deadline phrase 「…までの…目標」 is read only where it can be.
        let literals = sentence.literals
        guard literals.contains("までの"), literals.contains("目標") else { return nil }
        let characters = CharacterScalars(sentence.text)
        let mentions = PeriodParser.mentions(in: characters)
        func after(_ mention: PeriodParser.Mention) -> Substring {
            let rest = Substring(characters.string(mention.range.upperBound..<characters.count))
            return rest.hasPrefix("末") ? rest.dropFirst() : rest
        }
        guard let deadline = mentions.first(where: { mention in
            let rest = after(mention)
            return rest.hasPrefix("までの") && rest.prefix { $0 != "、" && $0 != "。" }.contains("目標")
        }), let period = deadline.periods.last else { return nil }
        guard let figure = figures(characters, mentions: mentions).first(where: { $0.range.lowerBound >= deadline.range.upperBound }) else { return nil }
        let origin = mentions.first { mention in ["を起点", "を基準"].contains { after(mention).hasPrefix($0) } }?.periods.last
        let point = SeriesPoint(
            period: period, kind: .target, quantity: figure.quantity,
            line: sentence.firstLine, endLine: sentence.line(at: figure.range.upperBound - 1)
        )
        return Goal(title: subject(after: figure, in: characters) ?? "", point: point, origin: origin)
    }

    /// 「「2025年のインフラシステム受注34兆円」（うちデジタル分野11兆円）という…目標」:
    /// a quote that a 目標 names (「…という…目標」), opening with its period and
    /// closing with its figure; a bracket of 「うち…」 after it is the part of the whole.
    static func quotedGoals(_ sentence: Sentence) -> [(String, SeriesPoint)] {
        // A quote (「) that a goal (目標) names: most sentences have neither.
        let literals = sentence.literals
        guard literals.contains("「"), literals.contains("目標") else { return [] }
        let characters = Array(sentence.text)
        var result: [(String, SeriesPoint)] = []
        var index = 0
        while let open = characters[index...].firstIndex(of: "「"), let close = matching(characters, from: open, "「", "」") {
            index = close + 1
            var rest = close + 1
            var aside: ArraySlice<Character>?
            if rest < characters.count, characters[rest] == "（", let end = matching(characters, from: rest, "（", "）") {
                aside = characters[(rest + 1)..<end]
                rest = end + 1
            }
            let clause = characters[rest...].prefix { $0 != "、" && $0 != "。" }
            guard clause.starts(with: "という"), clause.contains("目標") else { continue }
            let quote = CharacterScalars(String(characters[(open + 1)..<close]))
            let mentions = PeriodParser.mentions(in: quote)
            guard let mention = mentions.first, mention.range.lowerBound == 0, let period = mention.periods.last,
                  quote.hasPrefix("の", at: mention.range.upperBound),
                  let figure = figures(quote, mentions: mentions).last, figure.range.upperBound == quote.count else { continue }
            let subject = quote.string((mention.range.upperBound + 1)..<figure.range.lowerBound).trimmingJapaneseWhitespace()
            guard isName(subject) else { continue }
            let first = sentence.line(at: open)
            result.append((subject, SeriesPoint(period: period, kind: .target, quantity: figure.quantity, line: first, endLine: sentence.line(at: close - 1))))
            // 「（うちデジタル分野11兆円）」: the part, as a subject of its own.
            if let aside, aside.starts(with: "うち") {
                let words = CharacterScalars(String(aside.dropFirst(2)))
                if let part = figures(words, mentions: PeriodParser.mentions(in: words)).first {
                    let name = words.string(0..<part.range.lowerBound).trimmingJapaneseWhitespace()
                    if isName(name), part.quantity.unit == figure.quantity.unit {
                        // The part's words start after 「」（うち」, four characters from `close`.
                        let end = sentence.line(at: close + 4 + part.range.upperBound - 1)
                        result.append(("\(subject)（\(name)）", SeriesPoint(period: period, kind: .target, quantity: part.quantity, line: first, endLine: end)))
                    }
                }
            }
        }
        return result
    }

    /// 「・進捗状況」「【進捗状況】」: a heading over how far a goal has come.
    static func isProgressHeading(_ text: String) -> Bool {
        var words = (LineShape.bullet(text)?.rest ?? text).trimmingJapaneseWhitespace()
        if words.hasPrefix("【"), words.hasSuffix("】") { words = String(words.dropFirst().dropLast()) }
        return ["進捗状況", "進捗"].contains(words)
    }

    /// The first figure of a sentence under a progress heading, when it is in
    /// the unit of a goal stated above it (the nearest such goal).
    static func progress(_ sentence: Sentence, goals: [Goal]) -> (Goal, SeriesPoint)? {
        guard sentence.text.hasSuffix("。") else { return nil }
        let characters = CharacterScalars(sentence.text)
        guard let figure = figures(characters, mentions: PeriodParser.mentions(in: characters)).first,
              let goal = goals.last(where: { $0.point.unit == figure.quantity.unit }) else { return nil }
        let line = sentence.line(at: figure.range.lowerBound)
        return (goal, SeriesPoint(period: nil, kind: .actual, quantity: figure.quantity, line: line, endLine: sentence.line(at: figure.range.upperBound - 1)))
    }

    /// A diagram's box: a label that opens with a period, over a line that is
    /// one figure in a goal's unit (a sign before it and a note mark after it
    /// allowed: 「+約16GHz幅※1」). The goal's baseline for its 起点, its target for its deadline.
    static func boxedFigure(label: Line, figure: Line, goals: [Goal]) -> (Goal, SeriesPoint)? {
        let text = TextNormalizer.normalize(label.text)
        guard !text.containsLiteral("。"), let mention = PeriodParser.mentions(in: text).first, mention.range.lowerBound == 0,
              let period = mention.periods.last else { return nil }
        var cell = Substring(TextNormalizer.normalize(figure.text).trimmingJapaneseWhitespace())
        if let sign = cell.first, "+＋".contains(sign) { cell = cell.dropFirst() }
        if let note = cell.firstIndex(where: { "※＊*".contains($0) }), cell[cell.index(after: note)...].allSatisfy(\.isNumber) { cell = cell[..<note] }
        let quantity = QuantityParser.parse(String(cell))
        guard quantity.isNumeric, let unit = quantity.unit else { return nil }
        for goal in goals where goal.point.unit == unit {
            let kind: SeriesPoint.Kind
            if period == goal.origin {
                kind = .baseline
            } else if period == goal.point.period {
                kind = .target
            } else {
                continue
            }
            return (goal, SeriesPoint(period: period, kind: kind, quantity: quantity, line: label.number, endLine: figure.number))
        }
        return nil
    }

    // MARK: Pieces

    /// Figures with a unit, outside brackets, that are not years (「2020年度末」).
    static func figures(_ characters: CharacterScalars, mentions: [PeriodParser.Mention]) -> [QuantityParser.Match] {
        QuantityParser.quantities(in: characters).filter { match in
            match.quantity.isNumeric && match.quantity.unit != nil && !mentions.contains { $0.range.overlaps(match.range) }
                && depth(characters, before: match.range.lowerBound) == 0
        }
    }

    /// How many brackets are open before `offset`.
    static func depth(_ characters: CharacterScalars, before offset: Int) -> Int {
        var depth = 0
        for index in 0..<offset {
            switch characters[index] {
            case "（", "(": depth += 1
            case "）", ")": depth = max(0, depth - 1)
            default: break
            }
        }
        return depth
    }

    /// 「…16GHz幅の帯域確保を目指す」 → 「帯域確保」: the words 「の」 joins the figure to, up to 「を」.
    static func subject(after figure: QuantityParser.Match, in characters: CharacterScalars) -> String? {
        guard characters.hasPrefix("の", at: figure.range.upperBound) else { return nil }
        let rest = characters.string((figure.range.upperBound + 1)..<characters.count)
        guard let wo = rest.firstIndex(of: "を") else { return nil }
        let words = String(rest[..<wo])
        return isName(words) ? words : nil
    }

    /// Words that can name a series: a few characters, no clause or figure in them.
    static func isName(_ words: String) -> Bool {
        (2...24).contains(words.count) && !words.contains(where: { "、。「」".contains($0) || $0.isNumber })
    }

    /// The index of the bracket closing the one at `open`.
    private static func matching(_ characters: [Character], from open: Int, _ opening: Character, _ closing: Character) -> Int? {
        var depth = 0
        for index in open..<characters.count {
            if characters[index] == opening { depth += 1 }
            if characters[index] == closing {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }
}
