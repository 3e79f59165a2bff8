/// /boot/grub/menu.lst for PyGrub: one entry, the chosen kernel with its initrd, and
/// `root=/dev/xvda1 ro console=hvc0` plus the recipe's arguments (`MenuLstStep.arguments`).
///
/// The menu is a plain file (Debian's grub-legacy kept it so; there is no grub.conf convention to
/// keep). Configs PyGrub reads before menu.lst (GRUB 2's grub.cfg, extlinux...) are removed: they
/// boot the native way (root=UUID of the native disk, no Xen console). With a separate /boot disk
/// the paths are relative to it (`BootFilesystem`); with boot `dom0` no menu is read and the step
/// only says so (the kernel and initrd go beside the images).
public struct ModernMenuStep: AlignStep {
    public var name: String { "bootmenu" }

    public init() {}

    static let menuPath = "/boot/grub/menu.lst"

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        guard let kernel = context.kernel else { throw MenuLstStep.MenuError.noKernel }
        if context.settings.kernel.boot == .dom0 {
            editor.note(
                "boot dom0: no boot menu; \(kernel.imagePath)"
                    + (kernel.initrdPath.map { " and \($0)" } ?? "") + " go beside the images for the domain config")
            return
        }
        guard let root = context.rootDisk else { throw MenuLstStep.MenuError.noRootDisk }
        let boot = BootFilesystem(context)
        guard isFile(kernel.imagePath, editor) else { throw MenuLstStep.MenuError.kernelMissing(kernel.imagePath) }
        var initrd: String?
        if let path = kernel.initrdPath {
            guard isFile(path, editor) else { throw MenuLstStep.MenuError.initrdMissing(path) }
            initrd = try boot.menuPath(path)
        }
        let entry = BootMenu.Entry(
            title: try Self.title(kernel.version, editor), kernel: try boot.menuPath(kernel.imagePath),
            args: MenuLstStep.arguments(root: root, kernel: kernel, recipeArgs: context.settings.kernel.args),
            initrd: initrd)
        let menu = BootMenu(timeout: MenuLstStep.timeout, entries: [entry])

        let ours = boot.isSeparate ? "/grub/menu.lst" : Self.menuPath
        if let index = MenuLstStep.pyGrubSearchOrder.firstIndex(of: ours) {
            for path in MenuLstStep.pyGrubSearchOrder[..<index] where editor.exists(boot.prefix + path) {
                try editor.remove(boot.prefix + path, detail: "PyGrub would read it instead of \(Self.menuPath)")
            }
        }
        let others = KernelStep.bootKernels(editor.tree).filter { $0 != kernel.version }
        if !others.isEmpty {
            editor.note("not in the menu: kernel \(others.joined(separator: ", ")) (entry 0 boots \(kernel.version), the one checked)")
        }
        try editor.writeText(Self.menuPath, try menu.text(file: Self.menuPath), permissions: 0o644, detail: "PyGrub menu: \(entry.title)")
        if boot.isSeparate {
            editor.note("/boot is its own disk: the menu's paths are relative to it, so give PyGrub that disk first in the domain config")
        }
    }

    private func isFile(_ path: GuestPath, _ editor: TreeEditor) -> Bool {
        guard let id = editor.tree.resolve(path), case .regular = editor.tree[id].kind else { return false }
        return true
    }

    /// "Debian GNU/Linux 12 (bookworm), kernel 6.1.0-18-amd64": PRETTY_NAME from os-release(5)
    /// (/etc/os-release, else /usr/lib/os-release), else "Linux".
    static func title(_ version: String, _ editor: TreeEditor) throws -> String {
        var product = "Linux"
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let text = try editor.readText(path) else { continue }
            for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
                let value = line.dropFirst("PRETTY_NAME=".count).trimming("\"' \t\r")
                if !value.isEmpty, value.allSatisfy({ $0.isASCII && !$0.isNewline }) { product = value }
            }
            break
        }
        return "\(product), kernel \(version)"
    }
}
