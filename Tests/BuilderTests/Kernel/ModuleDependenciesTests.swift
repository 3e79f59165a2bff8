import Foundation
import Testing

@testable import Builder

/// modules.dep from the generated .ko files, checked against kmod's depmod run on the same
/// modules laid out on the host (depmod writes relative paths; the sets must agree).
@Suite struct ModuleDependenciesTests {
    static let version = "2.6.9-55.ELxenU"
    /// Guest path (below /lib/modules/VERSION) → fixture module.
    static let layout: [(String, String)] = [
        ("kernel/fs/ext3/ext3.ko", "ext3.ko"),
        ("kernel/fs/jbd/jbd.ko", "jbd.ko"),
        ("kernel/fs/mbcache.ko", "mbcache.ko"),
        ("kernel/fs/quota.ko", "quota.ko"),
        ("kernel/drivers/xen/blkfront/xenblk.ko", "xenblk.ko"),
    ]

    static func tree(_ k: KernelFixtures) throws -> Tree {
        var tree = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: Timestamp(seconds: 0)))
        let base = "/lib/modules/\(version)/"
        for (path, module) in layout {
            try tree.insert(
                Node(kind: .regular(.bytes(try k.bytes("modules/" + module))), permissions: 0o744, mtime: Timestamp(seconds: 0)),
                at: GuestPath(base + path), parentTemplate: tree.root)
        }
        // What a kernel package also puts there: links out of the tree and files that are not modules.
        try tree.insert(
            Node(kind: .symlink(Array("../../../usr/src/kernels/\(version)-i686".utf8)), permissions: 0o777, mtime: Timestamp(seconds: 0)),
            at: GuestPath(base + "build"), parentTemplate: tree.root)
        try tree.insert(
            Node(kind: .regular(.string("# aliases\n")), permissions: 0o644, mtime: Timestamp(seconds: 0)),
            at: GuestPath(base + "modules.alias"), parentTemplate: tree.root)
        return tree
    }

    @Test func absolutePathsDirectDepsFirstDeepestLast() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let text = try ModuleDependencies.modulesDep(Self.tree(k), version: Self.version)
        let m = "/lib/modules/\(Self.version)/kernel"
        #expect(
            text == """
                \(m)/drivers/xen/blkfront/xenblk.ko:
                \(m)/fs/ext3/ext3.ko: \(m)/fs/jbd/jbd.ko
                \(m)/fs/jbd/jbd.ko:
                \(m)/fs/mbcache.ko:
                \(m)/fs/quota.ko: \(m)/fs/ext3/ext3.ko \(m)/fs/mbcache.ko \(m)/fs/jbd/jbd.ko

                """, "got:\n\(text)")
    }

    @Test func agreesWithKmodDepmod() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let root = k.dir + "/depmod-root"
        for (path, module) in Self.layout {
            let dest = "\(root)/lib/modules/\(Self.version)/\(path)"
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: dest).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: k.path("modules/" + module), toPath: dest)
        }
        let r = try HostTools.run(["depmod", "-b", root, "-n", Self.version])
        #expect(r.ok, "depmod: \(r.output)")
        func sets(_ text: String, prefix: String) -> [String: Set<String>] {
            var out: [String: Set<String>] = [:]
            for line in text.split(separator: "\n") where line.hasSuffix(".ko:") || line.contains(".ko: ") {
                guard !line.hasPrefix("#"), !line.hasPrefix("alias"), let colon = line.firstIndex(of: ":") else { continue }
                let deps = line[line.index(after: colon)...].split(separator: " ").map { prefix + $0 }
                out[prefix + line[..<colon]] = Set(deps)
            }
            return out
        }
        let kmod = sets(r.output, prefix: "/lib/modules/\(Self.version)/")
        let ours = sets(try ModuleDependencies.modulesDep(Self.tree(k), version: Self.version), prefix: "")
        #expect(kmod.count == Self.layout.count, "kmod's lines: \(r.output)")
        #expect(ours == kmod)
    }

    @Test func exportsFromKsymtabSymbolsOrStrings() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let jbd = try ModuleDependencies.module(path: "jbd.ko", bytes: k.bytes("modules/jbd.ko"))
        #expect(jbd.exports == ["journal_start", "journal_stop"])
        #expect(Set(jbd.imports) == ["printk", "kmalloc"])
        let mbcache = try ModuleDependencies.module(path: "mbcache.ko", bytes: k.bytes("modules/mbcache.ko"))
        #expect(mbcache.exports == ["mb_cache_create"], "read from __ksymtab_strings")
        let b64 = try ModuleDependencies.module(path: "b64.ko", bytes: k.bytes("modules/b64.ko"))
        #expect(b64.imports == ["a64_export"], "ELF64 symbol table")
    }

    @Test func missingModulesAndBadModulesAreErrors() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let empty = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: Timestamp(seconds: 0)))
        #expect(throws: ModuleDependencies.Error.noModules(version: "9.9")) {
            try ModuleDependencies.modulesDep(empty, version: "9.9")
        }
        var tree = try Self.tree(k)
        try tree.insert(
            Node(kind: .regular(.string("not elf")), permissions: 0o644, mtime: Timestamp(seconds: 0)),
            at: GuestPath("/lib/modules/\(Self.version)/kernel/bad.ko"))
        #expect(throws: ModuleDependencies.Error.self) { try ModuleDependencies.modulesDep(tree, version: Self.version) }
    }
}
