import Foundation
import Testing

/// What the recipe, bake, inspect and CLI tests share: scratch folders, running external tools
/// (the oracles) and the built `builder` binary.
enum CLIHarness {
    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
        var out: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// A new empty folder under the system's temporary folder.
    static func scratch(_ tag: String) throws -> String {
        _ = HostTools.environment
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("builder-\(tag)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Runs `tool` (a path, or a name looked up in PATH and the sbin folders) and waits.
    static func run(_ tool: String, _ args: [String], cwd: String? = nil, environment: [String: String]? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : try locate(tool))
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        p.environment = environment ?? HostTools.environment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes while the tool runs, so a full pipe never blocks it.
        let errData = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: outData, stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// Written by the one reader thread, read after it is done (the group orders the two).
    private final class Box: @unchecked Sendable {
        var data = Data()
    }

    static func locate(_ name: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        throw HarnessError("the tool '\(name)' is not installed; ./build.sh installs the test tools")
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// The package's root folder (this file is Tests/BuilderTests/CLI/CLIHarness.swift).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The `builder` executable: $BUILDER_BINARY if set, else the newer of .build/debug/builder
    /// (which `swift test` builds) and .build/release/builder (which `./build.sh` builds).
    static func builderBinary() throws -> String {
        if let b = ProcessInfo.processInfo.environment["BUILDER_BINARY"] { return b }
        let candidates = [".build/debug/builder", ".build/release/builder"].map { packageRoot + "/" + $0 }
        let found = candidates.compactMap { path -> (String, Date)? in
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
                let date = attrs[.modificationDate] as? Date
            else { return nil }
            return (path, date)
        }
        guard let newest = found.max(by: { $0.1 < $1.1 }) else {
            throw HarnessError("no builder binary in .build/debug or .build/release; run 'swift build' first")
        }
        return newest.0
    }

    /// Runs the built `builder` with `args`.
    static func builder(_ args: [String], cwd: String? = nil, environment: [String: String]? = nil) throws -> Run {
        try run(try builderBinary(), args, cwd: cwd, environment: environment)
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Names in a folder, sorted; empty when it does not exist.
    static func listing(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }
}
