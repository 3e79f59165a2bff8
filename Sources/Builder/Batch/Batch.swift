/// `builder bake a.json b.json ...`: many guests, each baked as a whole or not at all. One guest
/// failing stops neither the others nor the batch; the outcomes say which failed.
public enum Batch {
    /// How one guest ended.
    public struct Outcome: Sendable {
        public var guest: String
        public var recipe: String
        public var result: Result<Bake.Result, BatchFailure>

        public var succeeded: Bool {
            if case .success = result { return true }
            return false
        }
    }

    /// Why a guest failed, as text (the errors below it are not all Sendable).
    public struct BatchFailure: Error, Sendable, CustomStringConvertible {
        public var message: String
        /// The recipe or its inputs were wrong (exit code 2), rather than the build (exit code 1).
        public var isRecipeError: Bool
        public var description: String { message }
    }

    public struct Options: Sendable {
        /// How many guests are baked at once.
        public var jobs: Int
        /// `--out`: the folder that receives the guests instead of each recipe's output.dir.
        public var outOverride: String?
        public var environment: [String: String]

        public init(jobs: Int = 1, outOverride: String? = nil, environment: [String: String]) {
            self.jobs = jobs
            self.outOverride = outOverride
            self.environment = environment
        }
    }

    /// Bakes every guest in `guests` (already loaded and validated), sending events to `events`.
    /// Returns one outcome per guest, in the order given.
    public static func run(_ guests: [Recipe], options: Options, events: @escaping BakeEventSink) -> [Outcome] {
        guests.map { recipe in
            events(BakeEvent(guest: recipe.name, recipe: recipe.file, kind: .started(steps: Bake.stepCount(of: recipe))))
            do {
                let result = try Bake.run(recipe, outOverride: options.outOverride, environment: options.environment) { text in
                    events(BakeEvent(guest: recipe.name, recipe: recipe.file, kind: .step(text)))
                }
                events(BakeEvent(guest: recipe.name, recipe: recipe.file, kind: .finished(folder: result.folder)))
                return Outcome(guest: recipe.name, recipe: recipe.file, result: .success(result))
            } catch {
                // A recipe error names its file already; anything else gets the recipe's name.
                let isRecipeError = error is RecipeError
                let message = isRecipeError ? "\(error)" : "\(recipe.file): \(error)"
                let failure = BatchFailure(message: message, isRecipeError: isRecipeError)
                events(BakeEvent(guest: recipe.name, recipe: recipe.file, kind: .failed(message: failure.message)))
                return Outcome(guest: recipe.name, recipe: recipe.file, result: .failure(failure))
            }
        }
    }
}
