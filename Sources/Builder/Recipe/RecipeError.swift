/// One thing wrong in a recipe: where (the JSON path, `disks[1].size`), what was found, and what
/// is allowed or what to do.
public struct RecipeIssue: Sendable, Equatable, CustomStringConvertible {
    /// The JSON path of the offending value; empty for the document itself.
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A recipe that cannot be used, with every issue found in it (a recipe is checked as a whole,
/// so one run shows all its mistakes).
public struct RecipeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The recipe file, as given.
    public var file: String
    public var issues: [RecipeIssue]

    public init(file: String, issues: [RecipeIssue]) {
        self.file = file
        self.issues = issues
    }

    /// One line per issue: `recipes/web.json: disks[1].size: ...`.
    public var lines: [String] { issues.map { "\(file): \($0)" } }

    public var description: String { lines.joined(separator: "\n") }
}
