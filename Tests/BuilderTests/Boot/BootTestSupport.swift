import Foundation

@testable import Builder

/// What the boot tests share: the context the lead's pipeline would hand MenuLstStep for the
/// CentOS-4 fixture, and small tree edits standing for other steps' work.
enum BootTestSupport {
    static let time = Timestamp(seconds: 1_262_304_000)
    static let facts = GuestFacts(
        release: "CentOS release 4.5 (Final)", majorVersion: 4, updateLevel: 5, architecture: .x86_32,
        kernels: [CentOS4Tree.native, CentOS4Tree.xenU], selinux: .enforcing, separateBoot: true)
    static let disks = [
        GuestDisk(device: "sda1", mount: .root, fsType: "ext3"),
        GuestDisk(device: "sda2", mount: nil, fsType: "swap"),
    ]

    static func xenUKernel(static isStatic: Bool = false) throws -> GuestKernel {
        GuestKernel(
            version: CentOS4Tree.xenU, imagePath: try GuestPath("/boot/vmlinuz-\(CentOS4Tree.xenU)"),
            initrdPath: isStatic ? nil : try GuestPath("/boot/initrd-\(CentOS4Tree.xenU).img"),
            abi: "xen-3.0-x86_32p", console: "xvc0", isStatic: isStatic)
    }

    static func context(
        args: String = "3", boot: AlignSettings.KernelSettings.Boot = .pygrub, kernel: GuestKernel? = nil,
        disks: [GuestDisk] = disks, facts: GuestFacts = facts
    ) throws -> AlignContext {
        var settings = AlignSettings()
        settings.kernel.args = args
        settings.kernel.boot = boot
        return AlignContext(
            settings: settings, facts: facts, disks: disks, kernel: try kernel ?? xenUKernel(), time: time)
    }

    /// The fixture tree with a stand-in for the initrd the initrd step writes (another helper's
    /// step): a gzip'd newc archive holding a single `init`.
    static func treeWithInitrd(_ arch: CentOS4Tree.Arch = .i686, version: String = CentOS4Tree.xenU) throws -> Tree {
        var tree = try CentOS4Tree.tree(arch)
        try put(&tree, "/boot/initrd-\(version).img", initrdStandIn(version))
        return tree
    }

    static func initrdStandIn(_ version: String) -> [UInt8] {
        Array("stand-in initrd for \(version)\n".utf8) + (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    }

    static func put(_ tree: inout Tree, _ path: String, _ bytes: [UInt8], permissions: UInt16 = 0o644) throws {
        try tree.insert(
            Node(kind: .regular(.bytes(bytes)), permissions: permissions, mtime: time), at: try GuestPath(path))
    }

    static func text(_ tree: Tree, _ path: String) throws -> String? {
        guard let id = tree.resolve(path), case .regular = tree[id].kind else { return nil }
        return String(decoding: try tree.bytes(of: id), as: UTF8.self)
    }

    static func symlink(_ tree: Tree, _ path: String) -> String? {
        guard let id = tree.lookup(path), case .symlink(let target) = tree[id].kind else { return nil }
        return String(decoding: target, as: UTF8.self)
    }
}
