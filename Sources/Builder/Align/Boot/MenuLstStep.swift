/// Issue 4 point 6: the boot menu PyGrub reads from the guest's disk (the HowTo's "create
/// /boot/grub/menu.lst according to the DomU kernel you installed").
///
/// Writes /boot/grub/grub.conf, and keeps Red Hat's two links to it (/boot/grub/menu.lst ->
/// ./grub.conf, /etc/grub.conf -> ../boot/grub/grub.conf, as anaconda and grubby leave them):
/// - `default 0` = the chosen kernel, `timeout 3` (the HowTo's menu);
/// - one `title` per xenU kernel offered: the chosen one, then the tree's other xenU kernels that
///   have an initrd, newest first. Native kernels are never listed: they cannot boot as Xen guests;
/// - `kernel PATH root=/dev/<root disk> ro <recipe args> [console=xvc0]` and, unless the kernel is
///   static, `initrd PATH`.
/// Paths are /boot/... because after alignment /boot lives in the root filesystem, where PyGrub
/// finds the menu (facts §4.1); with a separate /boot disk they are relative to that disk.
/// A native menu is replaced (its entries boot kernels without Xen support) and configs PyGrub
/// prefers over grub.conf (GRUB 2, syslinux) are removed. With boot "dom0" nothing reads a menu:
/// the kernel and initrd go beside the images instead, and this step only says so.
public struct MenuLstStep: AlignStep {
    public var name: String { "bootmenu" }

    /// The HowTo's `timeout 3` (anaconda's own grub.conf says 5; 3 s is enough to pick another
    /// entry on the console PyGrub opens with `xm create -c`).
    public static let timeout = 3
    public static let menuPath = "/boot/grub/grub.conf"

    public init() {}

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        guard let kernel = context.kernel else { throw MenuError.noKernel }
        if context.settings.kernel.boot == .dom0 {
            editor.note(
                "boot dom0: no boot menu; \(kernel.imagePath)"
                    + (kernel.initrdPath.map { " and \($0)" } ?? "") + " go beside the images for the domain config")
            return
        }
        guard let root = context.rootDisk else { throw MenuError.noRootDisk }
        let boot = BootFilesystem(context)

        var entries = [try entry(for: kernel, root: root, boot: boot, editor, context)]
        entries += try otherXenUEntries(besides: kernel, root: root, boot: boot, &editor, context)
        let menu = BootMenu(timeout: Self.timeout, entries: entries)

        try removeConfigsPyGrubPrefers(boot, &editor)
        try write(menu, &editor)
        try editor.place(.symlink(Array("./grub.conf".utf8)), at: "/boot/grub/menu.lst", permissions: 0o777,
                         detail: "link to ./grub.conf, as Red Hat keeps it; PyGrub reads menu.lst first")
        try editor.place(.symlink(Array("../boot/grub/grub.conf".utf8)), at: "/etc/grub.conf", permissions: 0o777,
                         detail: "link to ../boot/grub/grub.conf, as Red Hat keeps it")
        if boot.isSeparate {
            editor.note(
                "/boot is its own disk: the menu's paths are relative to it, so give PyGrub that disk first in the domain config")
        }
    }

    // MARK: entries

    private func entry(
        for kernel: GuestKernel, root: GuestDisk, boot: BootFilesystem, _ editor: TreeEditor, _ context: AlignContext
    ) throws -> BootMenu.Entry {
        guard isFile(kernel.imagePath, editor) else { throw MenuError.kernelMissing(kernel.imagePath) }
        var initrd: String?
        if !kernel.isStatic, let path = kernel.initrdPath {
            guard isFile(path, editor) else { throw MenuError.initrdMissing(path) }
            initrd = try boot.menuPath(path)
        }
        return BootMenu.Entry(
            title: Self.title(kernel.version, context.facts), kernel: try boot.menuPath(kernel.imagePath),
            args: Self.arguments(root: root, kernel: kernel, recipeArgs: context.settings.kernel.args), initrd: initrd)
    }

    /// The tree's other xenU kernels, newest first, each with the initrd the guest already had for
    /// it (builder makes the chosen kernel's initrd only; a modular xenU kernel without one cannot
    /// mount its root). Native kernels are named in a note and left out.
    private func otherXenUEntries(
        besides chosen: GuestKernel, root: GuestDisk, boot: BootFilesystem, _ editor: inout TreeEditor,
        _ context: AlignContext
    ) throws -> [BootMenu.Entry] {
        let versions = kernelVersionsInBoot(editor).filter { $0 != chosen.version }
        let native = versions.filter { !$0.hasSuffix("xenU") }
        if !native.isEmpty {
            editor.note("not in the menu: native kernel \(native.joined(separator: ", ")) (no Xen support, cannot boot as a guest)")
        }
        var entries: [BootMenu.Entry] = []
        for version in KernelVersionOrder.newestFirst(versions.filter { $0.hasSuffix("xenU") }) {
            let image = try GuestPath("/boot/vmlinuz-\(version)")
            let initrd = try GuestPath("/boot/initrd-\(version).img")
            guard isFile(initrd, editor) else {
                editor.note("not in the menu: xenU kernel \(version) has no \(initrd) (builder makes the initrd of the chosen kernel only)")
                continue
            }
            let other = GuestKernel(
                version: version, imagePath: image, initrdPath: initrd, abi: chosen.abi, console: chosen.console,
                isStatic: false)
            entries.append(try entry(for: other, root: root, boot: boot, editor, context))
            editor.note("also in the menu: xenU kernel \(version) (its Xen ABI was not checked; entry 0 boots \(chosen.version))")
        }
        return entries
    }

    /// Versions of the regular files /boot/vmlinuz-VERSION.
    private func kernelVersionsInBoot(_ editor: TreeEditor) -> [String] {
        guard let id = editor.tree.resolve("/boot"), let entries = editor.tree[id].entries else { return [] }
        let prefix = "vmlinuz-"
        return entries.compactMap { name, child in
            let text = name.description
            guard text.hasPrefix(prefix), text.count > prefix.count, case .regular = editor.tree[child].kind else {
                return nil
            }
            return String(text.dropFirst(prefix.count))
        }.sorted()
    }

    private func isFile(_ path: GuestPath, _ editor: TreeEditor) -> Bool {
        guard let id = editor.tree.resolve(path), case .regular = editor.tree[id].kind else { return false }
        return true
    }

    /// "CentOS 4 (2.6.9-55.ELxenU)", as the HowTo titles it: the distribution's name and major
    /// version from /etc/redhat-release ("CentOS release 4.5 (Final)" → "CentOS 4").
    static func title(_ version: String, _ facts: GuestFacts) -> String {
        var product = "Linux"
        if let release = facts.release, let range = release.range(of: " release ") {
            product = String(release[..<range.lowerBound])
            let major = facts.majorVersion.map(String.init) ?? String(release[range.upperBound...].prefix { $0.isNumber })
            if !major.isEmpty { product += " \(major)" }
        }
        return "\(product) (\(version))"
    }

    /// `root=/dev/sda1 ro` (the HowTo's line), the recipe's arguments, then `console=xvc0` for a
    /// xenlinux kernel whose console is xvc0: whether RHEL4's xenU picks xvc0 without being told is
    /// unconfirmed, so it is told (facts §5.4). hvc0 kernels get `console=hvc0` likewise. A
    /// `console=` in the recipe's arguments wins.
    static func arguments(root: GuestDisk, kernel: GuestKernel, recipeArgs: String) -> String {
        var words = ["root=/dev/\(root.device)", "ro"]
        let extra = recipeArgs.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        words += extra
        let xenConsoles = ["xvc0", "hvc0"]
        if xenConsoles.contains(kernel.console), !extra.contains(where: { $0.hasPrefix("console=") }) {
            words.append("console=\(kernel.console)")
        }
        return words.joined(separator: " ")
    }

    // MARK: files

    /// PyGrub (Xen 4.x `Grub.read_config`) takes the first of these it finds on a filesystem;
    /// everything before the GRUB-legacy menu would be read instead of it (facts §4.1).
    static let pyGrubSearchOrder = [
        "/boot/grub/grub.cfg", "/grub/grub.cfg", "/boot/grub2/grub.cfg", "/grub2/grub.cfg",
        "/boot/isolinux/isolinux.cfg", "/boot/extlinux/extlinux.conf", "/boot/extlinux.conf",
        "/extlinux/extlinux.conf", "/extlinux.conf",
        "/boot/grub/menu.lst", "/boot/grub/grub.conf", "/grub/menu.lst", "/grub/grub.conf",
    ]

    private func removeConfigsPyGrubPrefers(_ boot: BootFilesystem, _ editor: inout TreeEditor) throws {
        let ours = boot.isSeparate ? "/grub/menu.lst" : "/boot/grub/menu.lst"
        guard let index = Self.pyGrubSearchOrder.firstIndex(of: ours) else { return }
        for path in Self.pyGrubSearchOrder[..<index] {
            let guestPath = boot.prefix + path
            guard editor.exists(guestPath) else { continue }
            try editor.remove(guestPath, detail: "PyGrub would read it instead of /boot/grub/menu.lst")
        }
    }

    private func write(_ menu: BootMenu, _ editor: inout TreeEditor) throws {
        let old = try editor.readText(Self.menuPath)
        let new = try menu.text(file: Self.menuPath)
        if let old, old != new {
            let titles = BootMenu.titles(in: old).filter { title in !menu.entries.contains { $0.title == title } }
            if !titles.isEmpty {
                editor.note(
                    "replaced the native boot menu: its entries \(titles.map { "'\($0)'" }.joined(separator: ", ")) boot kernels that cannot run on Xen")
            }
        }
        let existing = editor.node(Self.menuPath).map { node -> Bool in
            if case .regular = node.kind { return true } else { return false }
        } ?? false
        // A new grub.conf is 0600 as anaconda makes it (it may hold a `password` line); an
        // existing one keeps its mode, owner and SELinux label.
        try editor.writeText(
            Self.menuPath, new, permissions: existing ? nil : 0o600,
            detail: "PyGrub menu: \(menu.entries.map(\.title).joined(separator: ", "))")
    }
}

/// Where the menu's paths start: the root filesystem (paths /boot/...) or, when the recipe gives
/// /boot a disk of its own, that disk (paths /...).
struct BootFilesystem {
    /// "" or "/boot": the guest path of the filesystem's root.
    var prefix: String

    init(_ context: AlignContext) {
        let boot = try? GuestPath("/boot")
        prefix = context.disks.contains { $0.mount != nil && $0.mount == boot } ? "/boot" : ""
    }

    var isSeparate: Bool { !prefix.isEmpty }

    /// `path` as PyGrub must name it on that filesystem.
    func menuPath(_ path: GuestPath) throws -> String {
        guard isSeparate else { return path.description }
        guard let first = path.components.first, first.description == "boot", path.components.count > 1 else {
            throw MenuLstStep.MenuError.outsideBoot(path)
        }
        return GuestPath(components: Array(path.components.dropFirst())).description
    }
}
