import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A static Xen PV kernel (xen-blkfront, xen-netfront, hvc console, ext4 and its config built in,
/// no modules), built from Debian's linux-source-6.1 by Tests/tools/make_static_kernel.sh once and
/// cached in `<repo>/.cache/static-kernel/<package version>/` (bzImage, config, and the `complete`
/// marker). The first build takes about 7 minutes on 2 cores; later calls return at once.
enum StaticKernel {
    static let cacheDir = HostTools.repoRoot.appendingPathComponent(".cache/static-kernel").path
    static let script = HostTools.toolsDir + "/make_static_kernel.sh"

    /// The bzImage's path. Tests of this process that ask at once wait on a lock file here (the
    /// script also locks, for other processes), so the kernel is built once.
    static func ensure() throws -> String {
        try FileManager.default.createDirectory(atPath: cacheDir, withIntermediateDirectories: true)
        let lock = open(cacheDir + "/.tests.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw Failed(output: "cannot open \(cacheDir)/.tests.lock (errno \(errno))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(lock, LOCK_UN) }
        let r = try HostTools.run(["bash", script, cacheDir])
        // The script's last line is the bzImage's path (the log goes before it).
        let last = r.output.split(separator: "\n").last.map(String.init) ?? ""
        guard r.ok, last.hasSuffix("/bzImage"), FileManager.default.fileExists(atPath: last) else {
            throw Failed(output: String(r.output.suffix(4000)))
        }
        return last
    }

    struct Failed: Error, CustomStringConvertible {
        var output: String
        var description: String {
            "Tests/tools/make_static_kernel.sh failed (it needs linux-source-6.1 and the kernel build tools: ./build.sh installs them):\n\(output)"
        }
    }
}
