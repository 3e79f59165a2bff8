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

    /// The environment every program a test runs gets (the oracles and builder itself): the host's,
    /// with what would make a tool's output depend on the host pinned. The time zone (debugfs
    /// prints local times unless TZ is GMT), the locale (messages, sort order, number formats),
    /// e2fsprogs' configuration files (/etc/mke2fs.conf sets mke2fs's defaults, a missing file
    /// means its built-in ones; /etc/e2fsck.conf can change what e2fsck reports) and the home
    /// folder (per-user configuration of rpmbuild and python3). Reading it first
    /// also pins the test process's umask, so fixtures a test writes get the modes it asks for
    /// whatever the shell's umask was.
    static let environment: [String: String] = {
        umask(0o022)
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("LC_") || key == "LANG" || key == "LANGUAGE" {
            env[key] = nil
        }
        env["LC_ALL"] = "C.UTF-8"
        env["TZ"] = "UTC"
        env["MKE2FS_CONFIG"] = "/nonexistent/builder-tests/mke2fs.conf"
        env["E2FSCK_CONFIG"] = "/dev/null"
        // An empty home: no ~/.rpmmacros for rpmbuild, no user site-packages for python3.
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("builder-tests-home-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        env["HOME"] = home
        return env
    }()

    /// Tests/tools: the Python scripts the tests call.
    static let toolsDir = repoRoot.appendingPathComponent("Tests/tools").path

    /// Runs `argv` (the first element found on PATH or in /sbin, /usr/sbin) and returns its exit
    /// status and its stdout and stderr together.
    @discardableResult
    static func run(_ argv: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: argv[0]))
        process.arguments = Array(argv.dropFirst())
        process.environment = Self.environment.merging(environment ?? [:]) { $1 }
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
        _ = environment
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("builder-test-\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func cleanUp(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
