// swift-tools-version: 6.1
import PackageDescription

// One module per stage; dependencies point one way:
// HyokaModel ← HyokaText ← HyokaRecognition / HyokaEvidence ← HyokaImport → HyokaStore → HyokaModel; HyokaExport → HyokaModel;
// HyokaSynthetic → HyokaModel, HyokaText (never HyokaRecognition); HyokaAccounts → HyokaModel, implemented by both stores;
// hyoka (CLI) on top.
let package = Package(
    name: "Hyoka",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Hyoka", targets: ["HyokaModel", "HyokaText", "HyokaRecognition", "HyokaEvidence", "HyokaAssessment", "HyokaStore", "HyokaPostgres", "HyokaImport", "HyokaExport", "HyokaWeb", "HyokaSynthetic", "HyokaReviewSheets", "HyokaAccounts", "HyokaAuthoring"]),
        // The recognisers alone, for Benchmarks' hyoka-recognition-bench: builds without the store or web stack.
        .library(name: "HyokaRecognition", targets: ["HyokaModel", "HyokaText", "HyokaRecognition"]),
        .executable(name: "hyoka", targets: ["hyoka"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already resolved through Hummingbird; named so that the server's timeouts and bind errors can be configured and read.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // bcrypt for account passwords (HummingbirdBcrypt: a small C implementation with no other dependency).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        .target(name: "HyokaModel"),
        .target(name: "HyokaText", dependencies: ["HyokaModel"]),
        .target(name: "HyokaRecognition", dependencies: ["HyokaModel", "HyokaText"]),
        .target(name: "HyokaEvidence", dependencies: ["HyokaModel", "HyokaText"]),
        .target(name: "HyokaAssessment", dependencies: ["HyokaModel", "HyokaText", "HyokaEvidence"]),
        // Accounts, roles, permissions, sessions, API tokens and the hash-chained audit log: the domain and the
        // AccountStore protocol, which both stores implement. Knows no database and no web framework.
        .target(name: "HyokaAccounts", dependencies: [
            "HyokaModel",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        ]),
        // Drafts and the review workflow (issue 13): the next cycle, the standard template, typed and validated
        // edits, the transitions by role, the live review, and the DraftStore protocol. No database, no HTTP.
        .target(name: "HyokaAuthoring", dependencies: [
            "HyokaModel", "HyokaText", "HyokaEvidence", "HyokaAccounts", "HyokaAssessment",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // GRDBSQLite: the C interface of SQLite, for the FTS5 ranking functions (PassageRanking).
        .target(name: "HyokaStore", dependencies: ["HyokaModel", "HyokaText", "HyokaAssessment", "HyokaAccounts", "HyokaAuthoring", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "HyokaPostgres", dependencies: [
            "HyokaModel", "HyokaText", "HyokaAssessment", "HyokaStore", "HyokaAccounts",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "HyokaExport", dependencies: ["HyokaModel"]),
        // The RS system's open data (行政事業レビュー): CSV tables recognised by their header rows, read from folders or zips.
        .target(name: "HyokaReviewSheets", dependencies: [
            "HyokaModel", "HyokaText",
            .product(name: "CSV", package: "CSV.swift"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Synthetic corpus for benchmarks: renders randomised domain objects as PDF text. Never uses the recogniser.
        .target(name: "HyokaSynthetic", dependencies: ["HyokaModel", "HyokaText"]),
        .target(name: "HyokaImport", dependencies: [
            "HyokaModel", "HyokaText", "HyokaRecognition", "HyokaEvidence", "HyokaStore",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(
            name: "HyokaWeb",
            dependencies: [
                "HyokaModel", "HyokaText", "HyokaStore", "HyokaExport", "HyokaEvidence", "HyokaAssessment", "HyokaReviewSheets", "HyokaAccounts",
                "HyokaAuthoring",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        .executableTarget(name: "hyoka", dependencies: [
            "HyokaWeb", .product(name: "Hummingbird", package: "hummingbird"),
            "HyokaModel", "HyokaImport", "HyokaStore", "HyokaPostgres", "HyokaExport", "HyokaRecognition", "HyokaText", "HyokaEvidence", "HyokaAssessment", "HyokaSynthetic", "HyokaReviewSheets", "HyokaAccounts", "HyokaAuthoring",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "HyokaTestSupport", dependencies: ["HyokaSynthetic"], path: "Tests/HyokaTestSupport"),
        .testTarget(name: "HyokaTextTests", dependencies: ["HyokaText", "HyokaModel"]),
        .testTarget(name: "HyokaRecognitionTests", dependencies: ["HyokaRecognition", "HyokaText", "HyokaModel"]),
        .testTarget(name: "HyokaAssessmentTests", dependencies: ["HyokaAssessment", "HyokaEvidence", "HyokaRecognition", "HyokaText", "HyokaModel"]),
        .testTarget(name: "HyokaEvidenceTests", dependencies: ["HyokaEvidence", "HyokaRecognition", "HyokaText", "HyokaModel", "HyokaImport"]),
        .testTarget(name: "HyokaStoreTests", dependencies: ["HyokaTestSupport", "HyokaStore", "HyokaPostgres", "HyokaAssessment", "HyokaModel", "HyokaExport", "HyokaRecognition", "HyokaText", "HyokaEvidence", "HyokaReviewSheets", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "HyokaAccountsTests", dependencies: [
            "HyokaAccounts", "HyokaStore", "HyokaPostgres", "HyokaModel", "HyokaTestSupport", "hyoka",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "HyokaAuthoringTests", dependencies: [
            "HyokaAuthoring", "HyokaAccounts", "HyokaAssessment", "HyokaModel", "HyokaRecognition", "HyokaText", "HyokaStore", "HyokaPostgres",
            "HyokaTestSupport",
        ]),
        .testTarget(name: "HyokaWebTests", dependencies: [
            "HyokaWeb", "HyokaAssessment", "HyokaText", "HyokaAccounts", "HyokaAuthoring", "HyokaStore", "HyokaModel", "HyokaImport", "HyokaTestSupport", "HyokaReviewSheets",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "HyokaSyntheticTests", dependencies: [
            "HyokaSynthetic", "HyokaRecognition", "HyokaText", "HyokaModel", "HyokaTestSupport", "hyoka",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "HyokaReviewSheetsTests", dependencies: [
            "HyokaReviewSheets", "HyokaModel", "HyokaTestSupport", "HyokaRecognition", "HyokaText", "HyokaAssessment",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "HyokaImportTests", dependencies: ["HyokaTestSupport", "HyokaImport", "HyokaAssessment", "HyokaStore", "HyokaPostgres", "HyokaModel", "HyokaRecognition", "HyokaText", "HyokaAuthoring", "HyokaAccounts", "hyoka"]),
    ]
)
