import GRDB
@testable import HyokaStore
import Testing

/// The row writer binds values with SQLite's own functions: each kind of value
/// must arrive as GRDB would have written it, and a failed row must explain itself.
@Suite struct SQLiteRowWriterTests {
    private func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER, r REAL, s TEXT NOT NULL, b BOOLEAN, n TEXT)")
            try db.execute(sql: "CREATE VIRTUAL TABLE f USING fts5(tokens, tokenize = 'unicode61 remove_diacritics 0')")
        }
        return queue
    }

    @Test func everyKindOfValueIsStoredWithItsType() throws {
        let queue = try database()
        let rowids = try queue.write { db in
            var writer = SQLiteRowWriter(db)
            let columns = ["i", "r", "s", "b", "n"]
            return [
                try writer.insert(into: "t", columns: columns, [.integer(-7), .real(2.5), .text("外交 ＯＤＡ"), .boolean(true), .null]),
                // An empty text is '' (the column is NOT NULL), not NULL.
                try writer.insert(into: "t", columns: columns, [.integer(0), .real(0), .text(""), .boolean(false), .text("x")]),
            ]
        }
        #expect(rowids == [1, 2])
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT i, r, s, b, n, typeof(i), typeof(r), typeof(s), typeof(b), typeof(n) FROM t ORDER BY rowid")
        }
        #expect(rows.count == 2)
        #expect(rows[0][0] as Int == -7)
        #expect(rows[0][1] as Double == 2.5)
        #expect(rows[0][2] as String == "外交 ＯＤＡ")
        #expect(rows[0][3] as Bool == true)
        #expect(rows[0][4] as String? == nil)
        #expect((5..<10).map { rows[0][$0] as String } == ["integer", "real", "text", "integer", "null"])
        #expect(rows[1][2] as String == "")
        #expect(rows[1][7] as String == "text")
        #expect(rows[1][3] as Bool == false)
    }

    @Test func tokensAreJoinedSoThatEachIsFoundAlone() throws {
        let queue = try database()
        try queue.write { db in
            var writer = SQLiteRowWriter(db)
            try writer.insertTokens(into: "f", rowid: 41, ["外交", "交政", "政策"])
            try writer.insertTokens(into: "f", rowid: 42, [])
            try writer.insertTokens(into: "f", rowid: 43, ["ビザ"])
        }
        func matches(_ query: String) throws -> [Int] {
            try queue.read { db in try Int.fetchAll(db, sql: "SELECT rowid FROM f WHERE f MATCH ?", arguments: [query]) }
        }
        #expect(try matches("\"外交 交政 政策\"") == [41])
        #expect(try matches("ビザ") == [43])
        // The buffer is reused: the third row holds its own token only.
        #expect(try matches("政策") == [41])
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM f") } == 3)
    }

    @Test func aRejectedRowThrowsAnErrorThatNamesTheConstraintAndLeavesTheWriterUsable() throws {
        let queue = try database()
        try queue.write { db in
            var writer = SQLiteRowWriter(db)
            let columns = ["i", "r", "s", "b", "n"]
            let error = #expect(throws: DatabaseError.self) {
                try writer.insert(into: "t", columns: columns, [.integer(1), .real(1), .null, .boolean(true), .null])
            }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("NOT NULL") == true)
            #expect(error?.sql?.hasPrefix("INSERT INTO t (i, r, s, b, n)") == true)
            try writer.insert(into: "t", columns: columns, [.integer(2), .real(2), .text("ok"), .boolean(false), .null])
        }
        #expect(try queue.read { db in try Int.fetchAll(db, sql: "SELECT i FROM t") } == [2])
    }
}

/// Search passages are told apart by a key: the text without whitespace, as bytes. Two keys must be equal
/// exactly when the texts without whitespace are equal as Swift strings.
@Suite struct SearchPassageKeyTests {
    @Test func keysAreEqualExactlyWhenTheTextsWithoutWhitespaceAre() {
        let pieces = ["外交", "ビザ", " ", "\u{3000}", "\t", "か", "が", "\u{3099}", "\u{301}", "e", "é", "\u{F98E}", "年", "\n", "\u{200B}", "5"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let texts = (0..<600).map { _ in (0..<next(5)).map { _ in pieces[next(pieces.count)] }.joined() }
        // Each text against another (a fixed permutation) and against itself.
        let pairs = texts.indices.map { (texts[$0], texts[($0 * 7 + 3) % texts.count]) } + texts.map { ($0, $0) }
        for (first, second) in pairs {
            let expected = first.filter { !$0.isWhitespace } == second.filter { !$0.isWhitespace }
            #expect((SearchPassages.key(first) == SearchPassages.key(second)) == expected, "\(Array(first.unicodeScalars)) \(Array(second.unicodeScalars))")
        }
        // 「か」 with a combining voiced mark and 「が」 are the same text; a space between them is no difference.
        #expect(SearchPassages.key("か\u{3099} 外交") == SearchPassages.key("が外交"))
        #expect(SearchPassages.key("外交 ビザ").bytes == Array("外交ビザ".utf8))
    }
}
