import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Debian tree (debootstrap --variant=minbase bookworm), made once and cached in
/// `<repo>/.cache/debootstrap/bookworm-minbase`. A marker beside it (not inside: it would be part
/// of the tree) says the cache is complete; without it a half-made cache is made again.
/// bench/ext-vs-peers.sh uses the same folder and marker.
enum DebianTree {
    static let cacheDir = HostTools.repoRoot.appendingPathComponent(".cache/debootstrap").path
    static let path = cacheDir + "/bookworm-minbase"
    static let marker = cacheDir + "/bookworm-minbase.complete"

    /// Makes the cache once; tests that run at the same time (or a bench in another process) wait
    /// on a lock file instead of running debootstrap into the same folder together.
    static func ensure() throws -> String {
        if FileManager.default.fileExists(atPath: marker) { return path }
        try FileManager.default.createDirectory(atPath: cacheDir, withIntermediateDirectories: true)
        let lock = open(cacheDir + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw Failed(output: "cannot open \(cacheDir)/.lock (errno \(errno))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(lock, LOCK_UN) }
        if FileManager.default.fileExists(atPath: marker) { return path }
        print("DebianTree: making \(path) with debootstrap (once; several minutes, needs the network)")
        HostTools.cleanUp(path)
        try FileManager.default.createDirectory(atPath: cacheDir, withIntermediateDirectories: true)
        let r = try HostTools.run([
            "debootstrap", "--variant=minbase", "bookworm", path, "http://deb.debian.org/debian",
        ])
        guard r.ok else { throw Failed(output: String(r.output.suffix(4000))) }
        try Data("debootstrap --variant=minbase bookworm\n".utf8).write(to: URL(fileURLWithPath: marker))
        return path
    }

    struct Failed: Error, CustomStringConvertible {
        var output: String
        var description: String { "debootstrap failed (it needs the network and root):\n\(output)" }
    }
}
