import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Debian tree that can boot as a pv_ops guest: debootstrap minbase bookworm plus the
/// distribution kernel (linux-image-amd64: its initramfs-tools makes /boot/initrd.img-VERSION)
/// and systemd as init. Made once (about 3.5 minutes and 770 MB here) and cached in
/// `<repo>/.cache/debootstrap/bookworm-kernel`, with a completion marker beside it, under the
/// same lock as `DebianTree`.
enum DebianKernelTree {
    static let cacheDir = DebianTree.cacheDir
    static let path = cacheDir + "/bookworm-kernel"
    static let marker = cacheDir + "/bookworm-kernel.complete"
    static let arguments = [
        "--variant=minbase", "--include=linux-image-amd64,systemd-sysv", "bookworm", path, "http://deb.debian.org/debian",
    ]

    static func ensure() throws -> String {
        if FileManager.default.fileExists(atPath: marker) { return path }
        try FileManager.default.createDirectory(atPath: cacheDir, withIntermediateDirectories: true)
        let lock = open(cacheDir + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw DebianTree.Failed(output: "cannot open \(cacheDir)/.lock (errno \(errno))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(lock, LOCK_UN) }
        if FileManager.default.fileExists(atPath: marker) { return path }
        print("DebianKernelTree: making \(path) with debootstrap (once; about 4 minutes, needs the network)")
        HostTools.cleanUp(path)
        let r = try HostTools.run(["debootstrap"] + arguments)
        guard r.ok else { throw DebianTree.Failed(output: String(r.output.suffix(4000))) }
        try Data("debootstrap \(arguments.dropLast(2).joined(separator: " "))\n".utf8).write(to: URL(fileURLWithPath: marker))
        return path
    }

    /// The kernel version the tree holds (its one /boot/vmlinuz-VERSION).
    static func kernelVersion(_ tree: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: tree + "/boot")
        guard let v = names.first(where: { $0.hasPrefix("vmlinuz-") }) else {
            throw DebianTree.Failed(output: "no /boot/vmlinuz-* in \(tree)")
        }
        return String(v.dropFirst("vmlinuz-".count))
    }
}
