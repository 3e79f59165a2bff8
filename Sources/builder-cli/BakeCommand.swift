import ArgumentParser
import Builder
import Foundation

struct BakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bake",
        abstract: "Build the guests of one or more recipes.",
        discussion: """
            Each guest goes to <output dir>/<name>/: its images (one <device>.img per disk, or one \
            partitioned disk image), domain configs, report.txt, manifest.json and an optional bundle. The \
            folder appears only when everything in it succeeded; an older one is replaced. Progress: \
            bars on a terminal, plain lines otherwise (or with --plain), JSON events with --json. \
            Exit codes: 0 every guest was baked, 1 a guest failed, 2 a usage or recipe error.
            """
    )

    @Argument(help: "Recipe files (JSON).")
    var recipes: [String] = []

    @Option(
        name: .long, help: "Write into this folder instead of the recipe's output.dir (relative to the current folder)."
    )
    var out: String?

    @Option(name: .long, help: "Bake this many guests at once (each holds its tree's metadata in memory).")
    var jobs: Int = 1

    @Flag(name: .long, help: "Bake every guest a second time, apart, and fail it unless the two bakes are byte-identical.")
    var verifyReproducible = false

    @Flag(help: "JSON events on stdout, one object per line, then a result object (for CI).")
    var json = false

    @Flag(help: "Plain progress lines on stderr, even on a terminal (no progress bars).")
    var plain = false

    func validate() throws {
        if jobs < 1 || jobs > 256 { throw ValidationError("--jobs takes a number from 1 to 256, found \(jobs)") }
        if recipes.isEmpty {
            throw ValidationError("give at least one recipe file, e.g. 'builder bake recipes/default.json'")
        }
        if json && plain { throw ValidationError("--json and --plain choose two different outputs; give one of them") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let mode = OutputMode.choose(json: json, plain: plain, environment: environment)
        let renderer = mode.renderer(environment: environment)
        guard let loaded = RecipeFiles.load(recipes, out: out, reportingTo: renderer) else {
            renderer.finish([], exitCode: ExitStatus.usage)
            throw ExitCode(ExitStatus.usage)
        }
        let options = Batch.Options(
            jobs: jobs, outOverride: out, environment: environment, verifyReproducible: verifyReproducible)
        let outcomes = Batch.run(loaded, options: options) { renderer.render($0) }
        let exitCode = BatchSummary.exitCode(of: outcomes)
        renderer.finish(outcomes, exitCode: exitCode)
        if exitCode != ExitStatus.ok { throw ExitCode(exitCode) }
    }
}
