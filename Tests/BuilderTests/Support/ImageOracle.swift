import Foundation
import Testing

/// The external judges of an ext2/ext3 image: e2fsck, dumpe2fs, a read-only loop mount (or debugfs
/// where no mount can be had) compared with the source tree by Tests/tools/treemanifest.py, and
/// sha256sum. Each check returns its problems as readable lines: empty means it passed.
enum ImageOracle {
    enum Flavor: String {
        case ext2, ext3
    }

    /// The features a 2.6.9 kernel mounts read-write (centos4-xen-facts.md §8, issue 2 §5).
    static let allowedFeatures: Set<String> = [
        "has_journal", "ext_attr", "filetype", "sparse_super", "large_file", "dir_index",
    ]

    /// `e2fsck -fn`: no problems when it exits 0; else its whole output.
    static func fsck(_ image: String) throws -> [String] {
        let r = try HostTools.run(["e2fsck", "-fn", image])
        return r.ok ? [] : ["e2fsck -fn \(image) exited \(r.status):\n\(r.output)"]
    }

    /// `dumpe2fs -h`: only allowed features (has_journal exactly when ext3) and 128-byte inodes.
    static func features(_ image: String, flavor: Flavor) throws -> [String] {
        let r = try HostTools.run(["dumpe2fs", "-h", image])
        guard r.ok else { return ["dumpe2fs -h \(image) exited \(r.status):\n\(r.output)"] }
        var problems: [String] = []
        func field(_ name: String) -> String? {
            r.output.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
        }
        guard let list = field("Filesystem features") else {
            return ["dumpe2fs -h printed no 'Filesystem features:' line:\n\(r.output)"]
        }
        let features = Set(list.split(separator: " ").map(String.init))
        let forbidden = features.subtracting(allowedFeatures)
        if !forbidden.isEmpty {
            problems.append("features a 2.6.9 kernel must not see: \(forbidden.sorted()) (all: \(list))")
        }
        if features.contains("has_journal") != (flavor == .ext3) {
            problems.append("\(flavor.rawValue) image with features '\(list)'")
        }
        if field("Inode size") != "128" {
            problems.append("inode size is \(field("Inode size") ?? "missing"), not 128")
        }
        return problems
    }

    /// The image's tree compared with `source` (type, mode, owner, size, mtime, content, link
    /// target, device numbers, xattrs, hard-link groups). Through a read-only loop mount; where one
    /// cannot be had (or BUILDER_TEST_NO_MOUNT=1), it says so on stdout and reads the image with
    /// debugfs instead. `owner` ("UID:GID"): every entry of the image must have that owner (a
    /// source read with "owner"), everything else as in `source`.
    static func compare(_ image: String, with source: String, flavor: Flavor, owner: String? = nil) throws -> [String] {
        let ownerArgs = owner.map { ["--owner", $0] } ?? []
        if ProcessInfo.processInfo.environment["BUILDER_TEST_NO_MOUNT"] == "1" {
            print("ImageOracle: BUILDER_TEST_NO_MOUNT=1: comparing \(image) with \(source) through debugfs, not a loop mount")
            return try compareThroughDebugfs(image, with: source, extra: ownerArgs)
        }
        let mountPoint = try HostTools.temporaryDirectory("mnt")
        defer { HostTools.cleanUp(mountPoint) }
        let options = flavor == .ext3 ? "ro,loop,noload" : "ro,loop"
        let mount = try HostTools.run(["mount", "-t", flavor.rawValue, "-o", options, image, mountPoint])
        defer { detachLoops(of: image) }
        guard mount.ok else {
            let text = mount.output.lowercased()
            let unavailable = ["permission denied", "operation not permitted", "only root", "must be superuser",
                               "failed to setup loop", "free loop", "loop-control", "unknown filesystem type"]
            if unavailable.contains(where: text.contains) {
                print("ImageOracle: NO LOOP MOUNT here (\(mount.output.trimmingCharacters(in: .whitespacesAndNewlines))); comparing \(image) through debugfs instead")
                return try compareThroughDebugfs(image, with: source, extra: ownerArgs)
            }
            return ["mount -t \(flavor.rawValue) -o \(options) \(image) failed: \(mount.output)"]
        }
        defer { _ = try? HostTools.run(["umount", mountPoint]) }
        let r = try HostTools.python("treemanifest.py", ["compare", source, mountPoint] + ownerArgs)
        return r.ok ? [] : [r.output]
    }

    static func compareThroughDebugfs(_ image: String, with source: String, extra: [String] = []) throws -> [String] {
        let r = try HostTools.python("treemanifest.py", ["compare-debugfs", source, image] + extra)
        return r.ok ? [] : [r.output]
    }

    /// Detaches loop devices still bound to `image` (mount's autoclear normally does it).
    static func detachLoops(of image: String) {
        guard let r = try? HostTools.run(["losetup", "-j", image]), r.ok else { return }
        for line in r.output.split(separator: "\n") {
            if let dev = line.split(separator: ":").first {
                _ = try? HostTools.run(["losetup", "-d", String(dev)])
            }
        }
    }

    /// The file's sha256, by sha256sum.
    static func sha256(_ file: String) throws -> String {
        let r = try HostTools.run(["sha256sum", "-b", file])
        guard r.ok, let hash = r.output.split(separator: " ").first else {
            throw HostTools.MissingTool(tool: "sha256sum (\(r.output))")
        }
        return String(hash)
    }

    /// Every check at once, for the end-to-end tests.
    static func all(_ image: String, source: String, flavor: Flavor) throws -> [String] {
        try fsck(image) + features(image, flavor: flavor) + compare(image, with: source, flavor: flavor)
    }
}
