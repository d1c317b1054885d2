import ArgumentParser

/// The `hyoka` command: import, inspect and export policy evaluation reports.
@main
struct Hyoka: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyoka",
        abstract: "Import Japanese government policy evaluation reports (政策評価書) into a structured store.",
        discussion: """
        Every recognised element keeps the lines of the source file it came from; text that \
        was not recognised is kept as unparsed and shown, never dropped.

        DATABASE: --db PATH, else the HYOKA_DB environment variable, else ./hyoka.sqlite \
        (demo: --db PATH, else ./hyoka-demo.sqlite).

        EXIT CODES:
          0   success
          1   any other error (e.g. no document matches the reference given to show)
          64  usage error (unknown option, missing argument)
          65  bad input data: empty, binary or non-UTF-8 file, a PDF pdftotext cannot read
          66  input file missing or unreadable
          69  pdftotext is not installed (needed for PDF input; apt-get install poppler-utils)
          73  the database or output file cannot be opened or created
        """,
        subcommands: [Import.self, List.self, Show.self, Export.self, Demo.self]
    )
}
