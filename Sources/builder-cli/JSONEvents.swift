import Builder
import Foundation

/// `builder bake --json`: one JSON object per line on stdout for every event, then a result
/// object; nothing else goes to stdout. Each object's first member is `"event"`.
final class JSONEvents: EventRenderer, @unchecked Sendable {
    private let lock = NSLock()
    /// How many steps each guest has begun, for the `index` of step events (by recipe and guest:
    /// one recipe may hold several guests).
    private var steps: [String: Int] = [:]

    private func emit(_ members: [JSONOutput.Member]) {
        Terminal.output(JSONOutput.object(members).text)
    }

    func recipeError(_ error: RecipeError) {
        let issues = error.issues.map {
            JSONOutput.object([.init("path", .string($0.path)), .init("message", .string($0.message))])
        }
        lock.withLock {
            emit([
                .init("event", "recipe-error"), .init("recipe", .string(error.file)), .init("issues", .array(issues)),
            ])
        }
    }

    func conflict(_ message: String, recipes: [String]) {
        for recipe in recipes {
            recipeError(RecipeError(file: recipe, issues: [RecipeIssue("name", message)]))
        }
    }

    func render(_ event: BakeEvent) {
        lock.withLock {
            var members: [JSONOutput.Member] = [
                .init("event", ""), .init("guest", .string(event.guest)), .init("recipe", .string(event.recipe)),
            ]
            let key = event.recipe + "\u{0}" + event.guest
            switch event.kind {
            case .started(let count):
                members[0].value = "started"
                members.append(.init("steps", .int(count)))
                steps[key] = 0
            case .step(let text):
                let index = (steps[key] ?? 0) + 1
                steps[key] = index
                members[0].value = "step"
                members += [.init("index", .int(index)), .init("text", .string(text))]
            case .warning(let text):
                members[0].value = "warning"
                members.append(.init("text", .string(text)))
            case .finished(let folder):
                members[0].value = "finished"
                members.append(.init("folder", .string(folder)))
            case .failed(let message):
                members[0].value = "failed"
                members.append(.init("message", .string(message)))
            }
            emit(members)
        }
    }

    func finish(_ outcomes: [Batch.Outcome], exitCode: Int32) {
        let guests = outcomes.map { outcome -> JSONOutput in
            var members: [JSONOutput.Member] = [
                .init("guest", .string(outcome.guest)), .init("recipe", .string(outcome.recipe)),
            ]
            switch outcome.result {
            case .success(let result):
                members += [.init("status", "ok"), .init("folder", .string(result.folder))]
            case .failure(let failure):
                members += [.init("status", "failed"), .init("message", .string(failure.message))]
            }
            return .object(members)
        }
        lock.withLock {
            emit([
                .init("event", "result"), .init("ok", .bool(exitCode == ExitStatus.ok)),
                .init("exitCode", .int(Int(exitCode))),
                .init("guests", .array(guests)),
            ])
        }
    }
}
