import Foundation
import ArgumentParser
import Builder

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a recipe and its inputs and print the plan; write nothing."
    )

    @Argument(help: "The recipe file (JSON).")
    var recipe: String

    @Option(name: .long, help: "The output folder bake would use instead of the recipe's output.dir.")
    var out: String?

    func run() throws {
        do {
            let guests = try Recipe.loadGuests(file: recipe)
            for r in guests {
                if guests.count > 1 { Terminal.output("guest \(r.name):") }
                for line in try Bake.plan(r, outOverride: out) { Terminal.output(line) }
                for line in try Bake.planAlignment(r, environment: ProcessInfo.processInfo.environment) {
                    Terminal.output(line)
                }
            }
        } catch let e as RecipeError {
            Terminal.error(e.description)
            throw ExitCode(ExitStatus.usage)
        } catch {
            Terminal.error("\(recipe): \(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }
}
