import Foundation
import Testing

/// Checks a baked guest folder with the real tools: Python's json module reads manifest.json and
/// `sha256sum -c` checks every artifact it lists; stat shows every file is private.
enum GuestFolderOracle {
    /// Fails the test unless `sha256sum -c --strict` accepts every artifact the manifest lists
    /// (and the manifest lists exactly the folder's files). Returns the manifest, decoded.
    @discardableResult
    static func checkManifest(_ folder: String) throws -> [String: Any] {
        let sums = try HostTools.python("guest_manifest.py", [folder])
        try #require(sums.ok, "\(sums.output)")
        let sumsFile = try HostTools.temporaryDirectory("sums") + "/manifest.sha256"
        defer { HostTools.cleanUp(URL(fileURLWithPath: sumsFile).deletingLastPathComponent().path) }
        try sums.output.write(toFile: sumsFile, atomically: false, encoding: .utf8)
        let check = try CLIHarness.run("sha256sum", ["-c", "--strict", sumsFile], cwd: folder)
        #expect(check.status == 0, "\(check.out)\(check.stderr)")
        #expect(check.out.split(separator: "\n").count == sums.output.split(separator: "\n").count, "\(check.out)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Fails the test unless the folder is 0700 and every file in it is a regular file of mode 0600.
    static func expectPrivate(_ folder: String) throws {
        #expect(try Self.mode(folder) == 0o40700, "the guest folder's mode")
        for name in CLIHarness.listing(folder) {
            let mode = try Self.mode(folder + "/" + name)
            #expect(mode == 0o100600, "\(name) has mode \(String(mode, radix: 8)), expected a regular file 0600")
        }
    }

    /// st_mode by lstat (type and permission bits).
    static func mode(_ path: String) throws -> Int {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw CLIHarness.HarnessError("lstat '\(path)' failed (errno \(errno))") }
        return Int(st.st_mode)
    }

    /// The artifact named `name` in a decoded manifest.
    static func artifact(_ manifest: [String: Any], _ name: String) -> [String: Any]? {
        (manifest["artifacts"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    /// The first field of `sha256sum FILE`.
    static func sha256sum(_ path: String) throws -> String {
        let r = try CLIHarness.run("sha256sum", [path])
        try #require(r.status == 0, "\(r.stderr)")
        return String(r.out.prefix(64))
    }

    /// The environment of this process with `extra` set (the harness replaces the whole
    /// environment when given one).
    static func environment(_ extra: [String: String]) -> [String: String] {
        HostTools.environment.merging(extra) { $1 }
    }
}
