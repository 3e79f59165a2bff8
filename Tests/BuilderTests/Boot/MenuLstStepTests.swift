import Foundation
import Testing

@testable import Builder

/// MenuLstStep on the CentOS-4 fixture, read back from the edited Tree (PyGrubMenuTests runs the
/// real PyGrub on the image).
struct MenuLstStepTests {
    typealias S = BootTestSupport

    static let xenUMenu = """
        # Written by builder for Xen's PyGrub: the kernels below run as Xen guests; entry 0 boots.
        default 0
        timeout 3
        title CentOS 4 (2.6.9-55.ELxenU)
        \tkernel /boot/vmlinuz-2.6.9-55.ELxenU root=/dev/sda1 ro 3 console=xvc0
        \tinitrd /boot/initrd-2.6.9-55.ELxenU.img

        """

    @Test("the xenU kernel's menu: default 0, timeout 3, root=/dev/sda1 ro, the recipe's args, console=xvc0, initrd")
    func xenUMenu() throws {
        let (tree, changes) = try MenuLstStep().run(on: try S.treeWithInitrd(), context: try S.context())
        #expect(try S.text(tree, "/boot/grub/grub.conf") == Self.xenUMenu)
        #expect(changes.contains { $0.action == .changed && $0.path?.description == "/boot/grub/grub.conf" })
        #expect(changes.allSatisfy { $0.step == "bootmenu" })
    }

    @Test("Red Hat's links: /boot/grub/menu.lst -> ./grub.conf and /etc/grub.conf -> ../boot/grub/grub.conf")
    func links() throws {
        var tree = try S.treeWithInitrd()
        // A menu.lst that is a file of its own (as Debian keeps it) becomes the link too.
        try S.put(&tree, "/boot/grub/menu.lst", Array("default 0\ntitle stale\n\tkernel /vmlinuz-old\n".utf8))
        let (edited, _) = try MenuLstStep().run(on: tree, context: try S.context())
        #expect(S.symlink(edited, "/boot/grub/menu.lst") == "./grub.conf")
        #expect(S.symlink(edited, "/etc/grub.conf") == "../boot/grub/grub.conf")
        #expect(try S.text(edited, "/boot/grub/menu.lst") == Self.xenUMenu, "menu.lst read through its link")
        #expect(try S.text(edited, "/etc/grub.conf") == Self.xenUMenu)
    }

    @Test("the native grub.conf is replaced in place (mode 0600 kept) and the report names its entries")
    func nativeMenuReplaced() throws {
        let tree = try S.treeWithInitrd()
        let before = try #require(try S.text(tree, "/boot/grub/grub.conf"))
        #expect(before.contains("title CentOS-4 i386 (2.6.9-55.EL)"), "fixture: \(before)")
        let (edited, changes) = try MenuLstStep().run(on: tree, context: try S.context())
        let id = try #require(edited.lookup("/boot/grub/grub.conf"))
        #expect(edited[id].permissions == 0o600)
        let change = try #require(changes.first { $0.path?.description == "/boot/grub/grub.conf" })
        #expect(change.before.map { String(decoding: $0, as: UTF8.self) } == before)
        #expect(changes.contains {
            $0.action == .note && $0.detail.contains("'CentOS-4 i386 (2.6.9-55.EL)'") && $0.detail.contains("cannot run on Xen")
        }, "\(changes.map(\.reportLine))")
    }

    @Test("native kernels are left out of the menu, with a note")
    func nativeKernelsLeftOut() throws {
        let (tree, changes) = try MenuLstStep().run(on: try S.treeWithInitrd(), context: try S.context())
        let menu = try #require(try S.text(tree, "/boot/grub/grub.conf"))
        #expect(!menu.contains("2.6.9-55.EL ") && !menu.contains("vmlinuz-2.6.9-55.EL\n") && !menu.contains("initrd-2.6.9-55.EL.img"))
        #expect(BootMenu.titles(in: menu) == ["CentOS 4 (2.6.9-55.ELxenU)"])
        #expect(changes.contains { $0.action == .note && $0.detail.contains("native kernel 2.6.9-55.EL ") })
    }

    @Test("other xenU kernels with an initrd follow the chosen one, newest first; one without an initrd is only noted")
    func otherXenUKernels() throws {
        var tree = try S.treeWithInitrd()
        let kernel = try #require(try tree.resolve("/boot/vmlinuz-\(CentOS4Tree.xenU)").map { try tree.bytes(of: $0) })
        for version in ["2.6.9-42.0.3.ELxenU", "2.6.9-67.0.1.ELxenU", "2.6.9-89.ELxenU"] {
            try S.put(&tree, "/boot/vmlinuz-\(version)", kernel)
        }
        try S.put(&tree, "/boot/initrd-2.6.9-42.0.3.ELxenU.img", S.initrdStandIn("42"))
        try S.put(&tree, "/boot/initrd-2.6.9-67.0.1.ELxenU.img", S.initrdStandIn("67"))
        let (edited, changes) = try MenuLstStep().run(on: tree, context: try S.context())
        let menu = try #require(try S.text(edited, "/boot/grub/grub.conf"))
        #expect(BootMenu.titles(in: menu) == [
            "CentOS 4 (2.6.9-55.ELxenU)", "CentOS 4 (2.6.9-67.0.1.ELxenU)", "CentOS 4 (2.6.9-42.0.3.ELxenU)",
        ])
        #expect(menu.contains("\tkernel /boot/vmlinuz-2.6.9-67.0.1.ELxenU root=/dev/sda1 ro 3 console=xvc0\n\tinitrd /boot/initrd-2.6.9-67.0.1.ELxenU.img\n"))
        #expect(changes.contains { $0.action == .note && $0.detail.contains("2.6.9-89.ELxenU has no /boot/initrd-2.6.9-89.ELxenU.img") })
    }

    @Test("a static kernel gets no initrd line")
    func staticKernel() throws {
        let context = try S.context(args: "", kernel: try S.xenUKernel(static: true))
        let (tree, _) = try MenuLstStep().run(on: try CentOS4Tree.tree(), context: context)
        let menu = try #require(try S.text(tree, "/boot/grub/grub.conf"))
        #expect(menu.hasSuffix("title CentOS 4 (2.6.9-55.ELxenU)\n\tkernel /boot/vmlinuz-2.6.9-55.ELxenU root=/dev/sda1 ro console=xvc0\n"), "\(menu)")
        #expect(!menu.contains("initrd"))
    }

    @Test("boot dom0: no menu, the tree unchanged, one note")
    func dom0() throws {
        let tree = try S.treeWithInitrd()
        let (edited, changes) = try MenuLstStep().run(on: tree, context: try S.context(boot: .dom0))
        #expect(changes.count == 1 && changes.first?.action == .note, "\(changes.map(\.reportLine))")
        #expect(changes.first?.detail.contains("no boot menu") == true)
        #expect(try S.text(edited, "/boot/grub/grub.conf") == S.text(tree, "/boot/grub/grub.conf"))
    }

    @Test("configs PyGrub reads before menu.lst (GRUB 2, extlinux) are removed, each with a line")
    func strayConfigsRemoved() throws {
        var tree = try S.treeWithInitrd()
        try S.put(&tree, "/boot/grub/grub.cfg", Array("menuentry 'Debian' {\n linux /vmlinuz\n}\n".utf8))
        try S.put(&tree, "/boot/extlinux.conf", Array("DEFAULT linux\n".utf8))
        try S.put(&tree, "/grub/menu.lst", Array("title lower precedence\n".utf8))
        let (edited, changes) = try MenuLstStep().run(on: tree, context: try S.context())
        #expect(edited.lookup("/boot/grub/grub.cfg") == nil)
        #expect(edited.lookup("/boot/extlinux.conf") == nil)
        #expect(edited.lookup("/grub/menu.lst") != nil, "read after /boot/grub/menu.lst: harmless, kept")
        let removed = changes.filter { $0.action == .removed }.compactMap { $0.path?.description }
        #expect(removed.sorted() == ["/boot/extlinux.conf", "/boot/grub/grub.cfg"])
        #expect(changes.first { $0.path?.description == "/boot/grub/grub.cfg" }?.detail.contains("PyGrub would read it") == true)
    }

    @Test("a separate /boot disk: paths relative to it, and a note")
    func separateBootDisk() throws {
        let disks = S.disks + [GuestDisk(device: "sda3", mount: try GuestPath("/boot"), fsType: "ext3")]
        let (tree, changes) = try MenuLstStep().run(on: try S.treeWithInitrd(), context: try S.context(disks: disks))
        let menu = try #require(try S.text(tree, "/boot/grub/grub.conf"))
        #expect(menu.contains("\tkernel /vmlinuz-2.6.9-55.ELxenU root=/dev/sda1 ro 3 console=xvc0\n\tinitrd /initrd-2.6.9-55.ELxenU.img\n"))
        #expect(changes.contains { $0.action == .note && $0.detail.contains("/boot is its own disk") })
    }

    @Test("a second run changes nothing")
    func idempotent() throws {
        let (once, _) = try MenuLstStep().run(on: try S.treeWithInitrd(), context: try S.context())
        let (twice, changes) = try MenuLstStep().run(on: once, context: try S.context())
        #expect(changes.allSatisfy { $0.action == .note }, "\(changes.map(\.reportLine))")
        #expect(try S.text(twice, "/boot/grub/grub.conf") == Self.xenUMenu)
    }

    @Test("errors: no kernel chosen, no root disk, kernel or initrd missing, kernel outside a separate /boot")
    func errors() throws {
        let tree = try CentOS4Tree.tree()
        var context = try S.context()
        context.kernel = nil
        #expect(throws: MenuLstStep.MenuError.noKernel) { try MenuLstStep().run(on: tree, context: context) }

        #expect(throws: MenuLstStep.MenuError.noRootDisk) {
            try MenuLstStep().run(on: tree, context: try S.context(disks: [S.disks[1]]))
        }
        // The fixture has no xenU initrd: the initrd step has not run.
        let initrd = try GuestPath("/boot/initrd-2.6.9-55.ELxenU.img")
        #expect(throws: MenuLstStep.MenuError.initrdMissing(initrd)) { try MenuLstStep().run(on: tree, context: try S.context()) }

        var kernel = try S.xenUKernel()
        kernel.imagePath = try GuestPath("/boot/vmlinuz-2.6.9-99.ELxenU")
        #expect(throws: MenuLstStep.MenuError.kernelMissing(kernel.imagePath)) {
            try MenuLstStep().run(on: try S.treeWithInitrd(), context: try S.context(kernel: kernel))
        }

        var outside = try S.xenUKernel(static: true)
        outside.imagePath = try GuestPath("/opt/vmlinuz-static")
        var withOutside = tree
        try S.put(&withOutside, "/opt/vmlinuz-static", [0x1f, 0x8b])
        let disks = S.disks + [GuestDisk(device: "sda3", mount: try GuestPath("/boot"), fsType: "ext3")]
        #expect(throws: MenuLstStep.MenuError.outsideBoot(outside.imagePath)) {
            try MenuLstStep().run(on: withOutside, context: try S.context(kernel: outside, disks: disks))
        }
        #expect(MenuLstStep.MenuError.initrdMissing(initrd).description.contains("initrd step must run before"))
    }

    @Test("titles from /etc/redhat-release", arguments: [
        ("CentOS release 4.5 (Final)", 4, "CentOS 4 (v)"),
        ("Red Hat Enterprise Linux AS release 4 (Nahant Update 5)", nil, "Red Hat Enterprise Linux AS 4 (v)"),
        ("something else", 4, "Linux (v)"),
    ] as [(String, Int?, String)])
    func titles(release: String, major: Int?, expected: String) {
        #expect(MenuLstStep.title("v", GuestFacts(release: release, majorVersion: major)) == expected)
        #expect(MenuLstStep.title("v", GuestFacts()) == "Linux (v)")
    }

    @Test("arguments: a console= of the recipe wins; a kernel on tty gets none")
    func arguments() throws {
        let root = S.disks[0]
        let kernel = try S.xenUKernel()
        #expect(MenuLstStep.arguments(root: root, kernel: kernel, recipeArgs: "3  console=tty0") == "root=/dev/sda1 ro 3 console=tty0")
        #expect(MenuLstStep.arguments(root: root, kernel: kernel, recipeArgs: "") == "root=/dev/sda1 ro console=xvc0")
        var tty = kernel
        tty.console = "tty1"
        #expect(MenuLstStep.arguments(root: GuestDisk(device: "xvda1", mount: .root, fsType: "ext3"), kernel: tty, recipeArgs: "single") == "root=/dev/xvda1 ro single")
    }

    @Test("BootMenu.titles reads anaconda's and grubby's forms")
    func menuTitles() {
        let text = "default=0\n#title commented\ntitle CentOS-4 i386 (2.6.9-55.EL)\n  title\tTabbed  \ntitles are not titles\ntitle=Eq\n"
        #expect(BootMenu.titles(in: text) == ["CentOS-4 i386 (2.6.9-55.EL)", "Tabbed", "Eq"])
    }

    @Test("kernel versions in rpm order")
    func versionOrder() {
        #expect(KernelVersionOrder.isNewer("2.6.9-67.0.1.ELxenU", than: "2.6.9-55.ELxenU"))
        #expect(KernelVersionOrder.isNewer("2.6.9-100.ELxenU", than: "2.6.9-99.ELxenU"))
        #expect(KernelVersionOrder.isNewer("2.6.9-55.0.2.ELxenU", than: "2.6.9-55.ELxenU"))
        #expect(!KernelVersionOrder.isNewer("2.6.9-55.ELxenU", than: "2.6.9-55.ELxenU"))
        #expect(KernelVersionOrder.newestFirst(["2.6.9-5.ELxenU", "2.6.9-42.0.3.ELxenU", "2.6.9-11.ELxenU"])
            == ["2.6.9-42.0.3.ELxenU", "2.6.9-11.ELxenU", "2.6.9-5.ELxenU"])
    }
}
