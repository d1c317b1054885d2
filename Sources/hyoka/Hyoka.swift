import ArgumentParser

/// The `hyoka` command: import, inspect and export policy evaluation reports.
@main
struct Hyoka: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyoka",
        abstract: "Import Japanese government policy evaluation reports (政策評価書) into a structured store.",
        discussion: """
        Every recognised element keeps the lines of the source file it came from; text that \
        was not recognised is kept as unparsed and shown, never dropped.

        DATABASE: --db PATH, else the HYOKA_DB environment variable, else ./hyoka.sqlite \
        (demo: --db PATH, else ./hyoka-demo.sqlite). A postgres://user@host:port/database URL \
        in either place selects a PostgreSQL server instead (see docs/postgresql.md).

        EXIT CODES:
          0   success
          1   any other error, such as no document matching `show DOC`
          64  usage error: unknown option, missing argument
          65  bad input: empty, binary or non-UTF-8 file, unreadable PDF
          66  input file missing or unreadable
          69  pdftotext missing (PDF input needs poppler-utils), or Chromium missing (print --pdf)
          73  the database or the output file cannot be opened or created
        """,
        subcommands: [Import.self, List.self, Show.self, Export.self, Search.self, Facts.self, Evidence.self, Check.self, Compare.self, Projects.self, Project.self, Print.self, Serve.self, Demo.self, Generate.self, User.self, Token.self, Audit.self, Drafts.self, DraftCommand.self]
    )
}
