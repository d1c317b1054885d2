import GRDB
import HyokaModel

/// Writes the queryable projections of one report. Called inside the
/// transaction that stores the report, after its old rows were deleted.
enum Projections {
    static func write(_ report: EvaluationReport, in db: Database) throws {
        try db.execute(sql: "UPDATE document SET warning_count = ? WHERE id = ?", arguments: [report.warnings.count, report.id])
        for (ordinal, policy) in report.policies.enumerated() {
            try write(policy, ordinal: ordinal, document: report.id, in: db)
        }
        for block in report.unparsed {
            try db.execute(
                sql: "INSERT INTO unparsed_block (document_id, text, line, end_line) VALUES (?, ?, ?, ?)",
                arguments: [report.id, block.text, block.line, block.endLine]
            )
        }
    }

    private static func write(_ policy: Policy, ordinal: Int, document: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO policy (document_id, ordinal, level, number, title, bureau, author, evaluated, line, end_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [document, ordinal, policy.level.rawValue, policy.number, policy.title, policy.bureau, policy.author,
                        policy.evaluated?.iso8601, policy.line, policy.endLine]
        )
        for goal in policy.objectives + policy.nextObjectives {
            try write(goal, kind: "objective", field: nil, policy: ordinal, document: document, in: db)
        }
        for series in policy.series {
            try write(series, field: nil, policy: ordinal, document: document, in: db)
        }
        for line in policy.budget {
            try db.execute(
                sql: """
                    INSERT INTO budget_line (document_id, policy_ordinal, group_name, label, kind, fiscal_year, amount, text, unit, line, end_line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [document, ordinal, line.group, line.label, line.kind.rawValue, line.fiscalYear, line.amount, line.text,
                            line.unit, line.line, line.endLine]
            )
        }
        for opinion in policy.expertComments {
            try db.execute(
                sql: "INSERT INTO expert_opinion (document_id, policy_ordinal, field_number, text, line, end_line) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [document, ordinal, opinion.field, opinion.text, opinion.line, opinion.endLine]
            )
        }
        for reference in policy.references {
            try write(reference, field: nil, policy: ordinal, document: document, in: db)
        }
        for (fieldOrdinal, field) in policy.fields.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO field (document_id, policy_ordinal, ordinal, number, title, bureau, has_assessment, line, end_line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [document, ordinal, fieldOrdinal, field.number, field.title, field.bureau, field.assessment != nil, field.line, field.endLine]
            )
            for goal in field.goals {
                try write(goal, kind: "goal", field: field.number, policy: ordinal, document: document, in: db)
            }
            for series in field.series {
                try write(series, field: field.number, policy: ordinal, document: document, in: db)
            }
            for reference in field.references {
                try write(reference, field: field.number, policy: ordinal, document: document, in: db)
            }
        }
    }

    private static func write(_ goal: Goal, kind: String, field: Int?, policy: Int, document: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO goal (document_id, policy_ordinal, field_number, kind, cycle, number, heading, text, line, end_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [document, policy, field, kind, goal.cycle.rawValue, goal.number, goal.heading, goal.text, goal.line, goal.endLine]
        )
    }

    private static func write(_ series: Indicator, field: Int?, policy: Int, document: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO series (document_id, policy_ordinal, field_number, title, unit, role, target_year, line, end_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [document, policy, field, series.title, series.unit, series.role.rawValue, series.targetYear, series.line, series.endLine]
        )
        let seriesID = db.lastInsertedRowID
        for (ordinal, point) in series.points.enumerated() {
            let (periodKind, period) = columns(point.period)
            try db.execute(
                sql: """
                    INSERT INTO series_point (series_id, ordinal, period_kind, period, kind, value, text, approximate, unit, line, end_line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [seriesID, ordinal, periodKind, period, point.kind.rawValue, point.value, point.text, point.approximate,
                            point.unit, point.line, point.endLine]
            )
        }
    }

    private static func write(_ reference: Reference, field: Int?, policy: Int, document: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO reference (document_id, policy_ordinal, field_number, kind, text, url, page, number, line, end_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [document, policy, field, reference.kind.rawValue, reference.text, reference.url, reference.page,
                        reference.number, reference.line, reference.endLine]
        )
    }

    /// A period as two columns: its kind and a sortable text value.
    static func columns(_ period: Period?) -> (String?, String?) {
        (period?.columns.kind, period?.columns.value)
    }
}
