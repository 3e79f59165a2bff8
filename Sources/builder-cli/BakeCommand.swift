import ArgumentParser
import Builder
import Foundation

struct BakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bake",
        abstract: "Build the guests of one or more recipes.",
        discussion: """
            Each guest goes to <output dir>/<name>/: one <device>.img per disk and report.txt. The \
            folder appears only when everything in it succeeded; an older one is replaced.
            """
    )

    @Argument(help: "Recipe files (JSON).")
    var recipes: [String] = []

    @Option(name: .long, help: "Write into this folder instead of the recipe's output.dir (relative to the current folder).")
    var out: String?

    @Option(name: .long, help: "Bake this many guests at once (each holds its tree's metadata in memory).")
    var jobs: Int = 1

    @Flag(name: .long, help: "Bake every guest a second time, apart, and fail it unless the two bakes are byte-identical.")
    var verifyReproducible = false

    func validate() throws {
        if jobs < 1 || jobs > 256 { throw ValidationError("--jobs takes a number from 1 to 256, found \(jobs)") }
        if recipes.isEmpty { throw ValidationError("give at least one recipe file, e.g. 'builder bake recipes/default.json'") }
    }

    func run() throws {
        // Every recipe is checked before anything is built: a mistake in any stops all of them.
        var loaded: [Recipe] = []
        var recipeErrors = false
        for file in recipes {
            do {
                loaded += try Recipe.loadGuests(file: file)
            } catch {
                Terminal.error(error.description)
                recipeErrors = true
            }
        }
        var byDestination: [String: [String]] = [:]
        for r in loaded { byDestination[Bake.destination(of: r, outOverride: out), default: []].append(r.file) }
        for (folder, files) in byDestination.sorted(by: { $0.key < $1.key }) where files.count > 1 {
            Terminal.error("the recipes \(files.joined(separator: ", ")) all write '\(folder)'; give the guests different names or output folders")
            recipeErrors = true
        }
        if recipeErrors { throw ExitCode(ExitStatus.usage) }

        let options = Batch.Options(
            jobs: jobs, outOverride: out, environment: ProcessInfo.processInfo.environment,
            verifyReproducible: verifyReproducible)
        let outcomes = Batch.run(loaded, options: options) { event in
            switch event.kind {
            case .started: break
            case .step(let text): Terminal.progress("\(event.guest): \(text)")
            case .finished(let folder): Terminal.output(folder)
            case .failed(let message): Terminal.error(message)
            }
        }
        var worst = ExitStatus.ok
        for outcome in outcomes {
            if case .failure(let failure) = outcome.result {
                worst = max(worst, failure.isRecipeError ? ExitStatus.usage : ExitStatus.failed)
            }
        }
        if worst != ExitStatus.ok { throw ExitCode(worst) }
    }
}
