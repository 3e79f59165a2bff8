import Foundation
import Testing

/// Runs the host tools the tests use as oracles (e2fsck, dumpe2fs, debugfs, mount, python3).
enum HostTools {
    struct Result {
        var status: Int32
        var output: String
        var ok: Bool { status == 0 }
    }

    /// The repository's root, found from this file's place in it.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Tests/tools: the Python scripts the tests call.
    static let toolsDir = repoRoot.appendingPathComponent("Tests/tools").path

    /// Runs `argv` (the first element found on PATH or in /sbin, /usr/sbin) and returns its exit
    /// status and its stdout and stderr together.
    @discardableResult
    static func run(_ argv: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: argv[0]))
        process.arguments = Array(argv.dropFirst())
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The full path of a tool; an error saying what to install when it is missing (a missing
    /// oracle fails the test, it never skips it).
    static func path(of tool: String) throws -> String {
        if tool.hasPrefix("/") { return tool }
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        for dir in dirs where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
            return dir + "/" + tool
        }
        throw MissingTool(tool: tool)
    }

    struct MissingTool: Error, CustomStringConvertible {
        var tool: String
        var description: String {
            "the test oracle '\(tool)' is not installed; run ./build.sh (it installs python3, e2fsprogs, genext2fs, attr, debootstrap, time) or apt-get install it"
        }
    }

    /// Python 3 for the scripts in Tests/tools (the system's, so the test does not depend on a
    /// user's environment).
    static func python(_ script: String, _ args: [String]) throws -> Result {
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        return try run([python, toolsDir + "/" + script] + args)
    }

    /// A new empty temporary folder; `cleanUp` removes it.
    static func temporaryDirectory(_ label: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("builder-test-\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func cleanUp(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
