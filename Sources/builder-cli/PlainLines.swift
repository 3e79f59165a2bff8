import Builder
import Foundation

/// One line per event on stderr, `builder: <guest>: ...` (for logs and pipes); each finished
/// guest's folder also on stdout; errors as `builder: error: <guest>: ...`.
final class PlainLines: EventRenderer, @unchecked Sendable {
    /// Keeps each event's lines together when guests run at once.
    private let lock = NSLock()

    func recipeError(_ error: RecipeError) {
        lock.withLock { Terminal.error(error.description) }
    }

    func conflict(_ message: String, recipes: [String]) {
        lock.withLock { Terminal.error(message) }
    }

    func render(_ event: BakeEvent) {
        lock.withLock {
            let guest = event.guest
            switch event.kind {
            case .started(let steps):
                Terminal.progress("\(guest): baking \(event.recipe) (\(steps) steps)")
            case .step(let text):
                Terminal.progress("\(guest): \(text)")
            case .warning(let text):
                Terminal.progress("\(guest): warning: \(text)")
            case .finished(let folder):
                Terminal.progress("\(guest): ok -> \(folder)")
                Terminal.output(folder)
            case .failed(let message):
                Terminal.error(
                    message.split(separator: "\n", omittingEmptySubsequences: false).map { "\(guest): \($0)" }.joined(
                        separator: "\n"))
            }
        }
    }

    func finish(_ outcomes: [Batch.Outcome], exitCode: Int32) {
        guard !outcomes.isEmpty else { return }
        lock.withLock { Terminal.progress(BatchSummary.line(outcomes)) }
    }
}
