/// Runs a Swift `Regex` only where a match can begin.
///
/// `matches(of:)` and `firstMatch(of:)` try the pattern at every position
/// of the text, and a Swift `Regex` is slow to try: on a line of 60
/// characters that is 60 runs of the engine, nearly all failing at once.
/// Most patterns open with a literal (「R」「令和」「平成」 for a budget
/// year, 「白書」's edition), so a caller that knows which characters can
/// begin a match lets the pattern run from those positions only. The
/// answers are the same: a match cannot start anywhere else, and at a
/// given start the pattern finds what it finds there in a full search.
/// (This holds for patterns without anchors, lookbehind or word
/// boundaries, which would see the text before the start.)
extension String {
    /// Same as `matches(of: regex)` for a pattern every match of which opens
    /// with a character for which `mayStart` is true.
    public func matches<Output>(of regex: Regex<Output>, startingWhere mayStart: (Character) -> Bool) -> [Regex<Output>.Match] {
        var result: [Regex<Output>.Match] = []
        var index = startIndex
        while index < endIndex {
            if mayStart(self[index]), let match = self[index...].prefixMatch(of: regex) {
                result.append(match)
                // As `matches(of:)`: the next search starts where this match ended,
                // one character further after an empty match.
                index = match.range.upperBound > index ? match.range.upperBound : self.index(after: index)
            } else {
                index = self.index(after: index)
            }
        }
        return result
    }

    /// Same as `matches(of: regex)` for a pattern every match of which opens
    /// with one of `initials`, each a standalone scalar
    /// (`Unicode.Scalar.isStandalone`): 「R」「令」「平」 for a budget year.
    ///
    /// `matches(of:startingWhere:)` walks the text by `Character` and compares
    /// each with the initials, and for kanji both cost far more than the
    /// test; here text of standalone scalars is walked by scalar (each is a
    /// character there, so the starts are the same) and scalars are compared.
    /// Other text is walked by `Character`, and a character that is not one
    /// standalone scalar is always tried (it may equal an initial canonically).
    public func matches<Output>(of regex: Regex<Output>, startingWithAnyOf initials: [Unicode.Scalar]) -> [Regex<Output>.Match] {
        guard isStandalone else {
            return matches(of: regex, startingWhere: { character in
                let scalars = character.unicodeScalars
                guard let only = scalars.first, scalars.count == 1, only.isStandalone else { return true }
                return initials.contains(only)
            })
        }
        var result: [Regex<Output>.Match] = []
        let scalars = unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if initials.contains(scalars[index]), let match = self[index...].prefixMatch(of: regex) {
                result.append(match)
                // As `matches(of:)`: the next search starts where this match ended,
                // one character further after an empty match.
                index = match.range.upperBound > index ? match.range.upperBound : scalars.index(after: index)
            } else {
                index = scalars.index(after: index)
            }
        }
        return result
    }

    /// Same as `firstMatch(of: regex)` for a pattern every match of which
    /// opens with a character for which `mayStart` is true.
    public func firstMatch<Output>(of regex: Regex<Output>, startingWhere mayStart: (Character) -> Bool) -> Regex<Output>.Match? {
        var index = startIndex
        while index < endIndex {
            if mayStart(self[index]), let match = self[index...].prefixMatch(of: regex) { return match }
            index = self.index(after: index)
        }
        return nil
    }
}
