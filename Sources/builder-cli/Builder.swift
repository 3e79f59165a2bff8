import ArgumentParser
import Builder

/// The `builder` command: argument parsing, progress lines and exit codes only; the work is in the
/// Builder library.
@main
struct BuilderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "builder",
        abstract: "Turn a native Linux tree into Xen guest disk images (ext2/ext3 and swap), without root.",
        discussion: "Exit codes: 0 success, 1 a build or an inspection failed, 2 a usage or recipe error.",
        version: BuilderVersion.string,
        subcommands: [BakeCommand.self, CheckCommand.self, InspectCommand.self, KernelCommand.self, SmokeCommand.self]
    )

    /// Parses and runs, mapping errors to builder's exit codes (ArgumentParser's own code for a
    /// usage error is 64; builder's is 2).
    static func main() {
        Interrupts.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Terminal.exit(code.rawValue)
        } catch {
            // --help and --version arrive here as "errors" with exit code 0.
            if exitCode(for: error) == .success { exit(withError: error) }
            Terminal.error(message(for: error))
            Terminal.line("Run 'builder --help' for usage.")
            Terminal.exit(ExitStatus.usage)
        }
        Terminal.exit(ExitStatus.ok)
    }
}

/// builder's exit codes.
enum ExitStatus {
    static let ok: Int32 = 0
    /// A build (or an inspection) failed.
    static let failed: Int32 = 1
    /// The command line or a recipe is wrong.
    static let usage: Int32 = 2
}
