import Builder

/// How `builder bake` shows a batch: progress bars on a terminal, plain lines otherwise, or JSON
/// events for CI. Events arrive from the batch's worker threads, so every renderer is thread-safe.
protocol EventRenderer: Sendable {
    /// A recipe that cannot be used, found before anything is baked.
    func recipeError(_ error: RecipeError)
    /// Several recipes that would write the same guest folder (`message` says which).
    func conflict(_ message: String, recipes: [String])
    /// One event of one guest.
    func render(_ event: BakeEvent)
    /// The batch is over (`outcomes` is empty when recipe errors stopped it before baking).
    func finish(_ outcomes: [Batch.Outcome], exitCode: Int32)
}

/// The three ways of showing a batch, and which one applies.
enum OutputMode: Equatable {
    case terminal
    case plain
    case json

    /// `--json` and `--plain` decide; else progress bars when stderr is a terminal that can move
    /// its cursor (TERM set and not "dumb", as terminfo's dumb entry has no cursor motion).
    static func choose(json: Bool, plain: Bool, environment: [String: String]) -> OutputMode {
        if json { return .json }
        if plain { return .plain }
        let term = environment["TERM"] ?? ""
        return Terminal.isTerminal(2) && !term.isEmpty && term != "dumb" ? .terminal : .plain
    }

    func renderer(environment: [String: String]) -> EventRenderer {
        switch self {
        case .terminal: return ProgressBars(columns: { Terminal.columns(2, environment: environment) })
        case .plain: return PlainLines()
        case .json: return JSONEvents()
        }
    }
}

/// What a batch came to, for the exit code and the summary line.
enum BatchSummary {
    /// 0 when every guest was baked; 2 when a guest's recipe or inputs were wrong; else 1.
    static func exitCode(of outcomes: [Batch.Outcome]) -> Int32 {
        var worst = ExitStatus.ok
        for outcome in outcomes {
            if case .failure(let failure) = outcome.result {
                worst = max(worst, failure.isRecipeError ? ExitStatus.usage : ExitStatus.failed)
            }
        }
        return worst
    }

    /// "3 guests: 2 ok, 1 failed (web)".
    static func line(_ outcomes: [Batch.Outcome]) -> String {
        let failed = outcomes.filter { !$0.succeeded }.map(\.guest)
        let count = outcomes.count == 1 ? "1 guest" : "\(outcomes.count) guests"
        var text = "\(count): \(outcomes.count - failed.count) ok, \(failed.count) failed"
        if !failed.isEmpty { text += " (\(failed.joined(separator: ", ")))" }
        return text
    }
}
