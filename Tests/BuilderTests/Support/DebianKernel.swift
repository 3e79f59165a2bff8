import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real pv_ops kernel: the bzImage of Debian's cloud kernel package (the one
/// linux-image-cloud-amd64 depends on), fetched once with `apt-get download` and unpacked with
/// `dpkg-deb -x` into `<repo>/.cache/kernel/<package>`; a marker beside it says it is complete.
enum DebianKernel {
    static let cacheDir = HostTools.repoRoot.appendingPathComponent(".cache/kernel").path

    /// The path of the cached /boot/vmlinuz-*, fetching the package first if needed.
    static func ensure() throws -> String {
        try FileManager.default.createDirectory(atPath: cacheDir, withIntermediateDirectories: true)
        let lock = open(cacheDir + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw Failed(output: "cannot open \(cacheDir)/.lock (errno \(errno))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(lock, LOCK_UN) }
        if let found = cached() { return found }
        let depends = try HostTools.run(["apt-cache", "depends", "linux-image-cloud-amd64"])
        guard depends.ok, let package = depends.output.split(separator: "\n").filter({ $0.contains("Depends:") })
            .compactMap({ $0.split(separator: " ").last.map(String.init) })
            .first(where: { $0.hasPrefix("linux-image-") && $0.hasSuffix("-cloud-amd64") })
        else { throw Failed(output: "apt-cache depends linux-image-cloud-amd64: \(depends.output)") }
        let download = cacheDir + "/download"
        HostTools.cleanUp(download)
        try FileManager.default.createDirectory(atPath: download, withIntermediateDirectories: true)
        print("DebianKernel: fetching \(package) (once, about 27 MB)")
        let fetched = try HostTools.run(["sh", "-c", "cd '\(download)' && apt-get download \(package)-unsigned"])
        guard fetched.ok else { throw Failed(output: fetched.output) }
        let debs = try FileManager.default.contentsOfDirectory(atPath: download).filter { $0.hasSuffix(".deb") }
        guard let deb = debs.first else { throw Failed(output: "apt-get download left no .deb in \(download)") }
        let tree = cacheDir + "/" + package
        HostTools.cleanUp(tree)
        let unpacked = try HostTools.run(["dpkg-deb", "-x", download + "/" + deb, tree])
        guard unpacked.ok else { throw Failed(output: unpacked.output) }
        HostTools.cleanUp(download)
        try Data("\(package)\n".utf8).write(to: URL(fileURLWithPath: cacheDir + "/complete"))
        guard let found = cached() else { throw Failed(output: "\(deb) holds no /boot/vmlinuz-*") }
        return found
    }

    /// The kernel of a complete cache, if there is one.
    static func cached() -> String? {
        guard let package = try? String(contentsOfFile: cacheDir + "/complete", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), !package.isEmpty else { return nil }
        let boot = "\(cacheDir)/\(package)/boot"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: boot)) ?? []
        return names.first { $0.hasPrefix("vmlinuz-") }.map { boot + "/" + $0 }
    }

    struct Failed: Error, CustomStringConvertible {
        var output: String
        var description: String { "fetching Debian's cloud kernel failed (it needs Debian's mirror):\n\(output)" }
    }
}
