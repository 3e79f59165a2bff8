import Dispatch
import Synchronization

/// `builder bake a.json b.json ...`: many guests, each baked as a whole or not at all. One guest
/// failing stops neither the others nor the batch; the outcomes say which failed. A source that
/// several guests share is read once.
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
        /// The whole text, naming the recipe file.
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
        /// Bake every guest a second time, apart, and fail it unless both bakes are byte-identical.
        public var verifyReproducible: Bool

        public init(jobs: Int = 1, outOverride: String? = nil, environment: [String: String], verifyReproducible: Bool = false) {
            self.jobs = jobs
            self.outOverride = outOverride
            self.environment = environment
            self.verifyReproducible = verifyReproducible
        }
    }

    /// Bakes every guest in `guests` (already loaded and validated), `options.jobs` at a time,
    /// sending events to `events` (from the worker threads). Returns one outcome per guest, in the
    /// order given.
    public static func run(_ guests: [Recipe], options: Options, events: @escaping BakeEventSink) -> [Outcome] {
        let shared = SharedSources(guests, outOverride: options.outOverride, processID: HostPaths.processID)
        defer { shared.removeSpools() }
        let outcomes = Mutex<[Outcome?]>(Array(repeating: nil, count: guests.count))
        let next = Atomic<Int>(0)
        let workers = max(1, min(options.jobs, guests.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < guests.count else { break }
                let outcome = bake(guests[i], options: options, shared: shared, events: events)
                outcomes.withLock { $0[i] = outcome }
            }
        }
        return outcomes.withLock { $0.compactMap { $0 } }
    }

    static func bake(_ recipe: Recipe, options: Options, shared: SharedSources, events: @escaping BakeEventSink) -> Outcome {
        func send(_ kind: BakeEvent.Kind) { events(BakeEvent(guest: recipe.name, recipe: recipe.file, kind: kind)) }
        var steps = Bake.stepCount(of: recipe)
        if options.verifyReproducible { steps += 1 }
        send(.started(steps: steps))
        let progress: (String) -> Void = { send(.step($0)) }
        do {
            let result = try Bake.run(recipe, outOverride: options.outOverride, environment: options.environment, progress: progress) {
                recipe, folder, createdAt in
                let base = try shared.tree(for: recipe, createdAt: createdAt)
                return try Bake.readSource(
                    recipe, into: folder, createdAt: createdAt, sharedBase: base, progress: progress)
            }
            if options.verifyReproducible {
                progress("baking again apart to verify the bake is reproducible")
                try verify(recipe, against: result, options: options)
            }
            for warning in result.warnings { send(.warning(warning)) }
            send(.finished(folder: result.folder))
            return Outcome(guest: recipe.name, recipe: recipe.file, result: .success(result))
        } catch {
            // A recipe error names its file already; anything else gets the recipe's name.
            let failure: BatchFailure
            if let e = error as? BatchFailure {
                failure = e
            } else if error is RecipeError {
                failure = BatchFailure(message: "\(error)", isRecipeError: true)
            } else {
                failure = BatchFailure(message: "\(recipe.file): \(error)", isRecipeError: false)
            }
            send(.failed(message: failure.message))
            return Outcome(guest: recipe.name, recipe: recipe.file, result: .failure(failure))
        }
    }

    /// Bakes `recipe` a second time into a hidden folder beside the first, reading every input
    /// again, and compares the two folders byte for byte. The second folder is removed either way.
    static func verify(_ recipe: Recipe, against first: Bake.Result, options: Options) throws {
        let parent = options.outOverride ?? recipe.output.dir
        let apart = "\(parent)/.verify-\(recipe.name)-\(HostPaths.processID)"
        WorkInProgress.begin(apart)
        defer {
            try? HostPaths.removeTree(apart)
            WorkInProgress.end(apart)
        }
        let second = try Bake.run(recipe, outOverride: apart, environment: options.environment)
        let differences = try FolderComparison.differences(first.folder, second.folder)
        guard differences.isEmpty else {
            throw BatchFailure(
                message: "\(recipe.file): guest \(recipe.name) is not reproducible: two bakes of it differ:\n  "
                    + differences.joined(separator: "\n  ")
                    + "\nlook for an input that changes between reads (a file being written, times later than SOURCE_DATE_EPOCH)",
                isRecipeError: false)
        }
    }
}
