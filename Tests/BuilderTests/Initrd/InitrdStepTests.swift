import Foundation
import Testing

@testable import Builder

/// The whole step on a CentOS-4-shaped tree, the initrd read back with zcat, cpio, file and stat.
@Suite struct InitrdStepTests {
    typealias T = CentOS4InitrdTree

    static func run(_ tree: Tree, _ context: AlignContext) throws -> (image: [UInt8], changes: [TreeChange], tree: Tree) {
        let (out, changes) = try InitrdStep().run(on: tree, context: context)
        let id = try #require(out.lookup("/boot/initrd-\(T.kernel).img"), "no initrd in /boot")
        return (try out.bytes(of: id), changes, out)
    }

    @Test func writesTheInitrdMkinitrdWouldWrite() throws {
        let (image, changes, out) = try Self.run(try T.make(), try T.context())
        let oracle = try InitrdOracle(image)
        defer { oracle.cleanUp() }

        let types = try oracle.fileTypes()
        #expect(types.image.hasPrefix("gzip compressed data"), "file: \(types.image)")
        #expect(types.image.contains("max compression") && types.image.contains("from Unix"), "file: \(types.image)")
        #expect(types.gunzipped.hasPrefix("ASCII cpio archive (SVR4 with no CRC)"), "file: \(types.gunzipped)")

        #expect(
            try oracle.members() == [
                "bin", "bin/insmod", "bin/modprobe", "bin/nash", "dev", "dev/console", "dev/null", "dev/ram",
                "dev/systty", "dev/tty1", "dev/tty2", "dev/tty3", "dev/tty4", "dev/xvc0", "etc", "init", "lib",
                "lib/ext3.ko", "lib/jbd.ko", "lib/xenblk.ko", "loopfs", "proc", "sbin", "sys", "sysroot",
            ])

        // Device nodes as the kernel will see them (stat prints major:minor in hex).
        #expect(try oracle.stat("dev/console") == "character special file 5:1 644 0:0")
        #expect(try oracle.stat("dev/null") == "character special file 1:3 644 0:0")
        #expect(try oracle.stat("dev/ram") == "block special file 1:1 644 0:0")
        #expect(try oracle.stat("dev/systty") == "character special file 4:0 644 0:0")
        for i in 1...4 { #expect(try oracle.stat("dev/tty\(i)") == "character special file 4:\(i) 644 0:0") }
        #expect(try oracle.stat("dev/xvc0") == "character special file cc:bf 644 0:0")

        #expect(try oracle.linkTarget("sbin") == "bin")
        #expect(try oracle.linkTarget("bin/modprobe") == "/sbin/nash")
        #expect(try oracle.stat("bin/nash") == "regular file 0:0 755 0:0")
        #expect(try oracle.stat("init") == "regular file 0:0 755 0:0")
        #expect(try oracle.stat("lib/ext3.ko") == "regular file 0:0 744 0:0")
        for dir in ["lib", "bin", "etc", "dev", "loopfs", "proc", "sys", "sysroot"] {
            #expect(try oracle.stat(dir) == "directory 0:0 755 0:0", "\(dir)")
        }
        #expect(try oracle.bytes("bin/nash") == T.elf("nash"))
        #expect(try oracle.bytes("bin/insmod") == T.elf("insmod"))
        #expect(try oracle.bytes("lib/jbd.ko") == Array("module fs/jbd/jbd.ko".utf8))
        // `cpio -itv` shows every member with builder's time, owned by root.
        let listing = try oracle.verboseListing()
        #expect(listing.split(separator: "\n").allSatisfy { $0.contains(" root ") && $0.contains("2007") }, "\(listing)")

        let script = String(decoding: try oracle.bytes("init"), as: UTF8.self)
        #expect(script.hasSuffix("switchroot /sysroot\n"), "\(script)")
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func at(_ line: String) throws -> Int { try #require(lines.firstIndex(of: line), "no line '\(line)' in\n\(script)") }
        #expect(try at("#!/bin/nash") == 0)
        #expect(try at("mount -t proc /proc /proc") < at("setquiet"))
        #expect(try at("insmod /lib/xenblk.ko foo=1") < at("insmod /lib/jbd.ko "))
        #expect(try at("insmod /lib/jbd.ko ") < at("insmod /lib/ext3.ko "))
        #expect(try at("echo \"Loading xenblk.ko module\"") == at("insmod /lib/xenblk.ko foo=1") - 1)
        #expect(try at("mkdevices /dev") < at("mkrootdev /dev/root"))
        #expect(try at("mkrootdev /dev/root") < at("mount -o defaults,noatime --ro -t ext3 /dev/root /sysroot"))
        #expect(try at("umount /sys") < at("mount -o defaults,noatime --ro -t ext3 /dev/root /sysroot"))
        #expect(!script.contains("udev"))

        // The step records the file and the modules mkinitrd leaves out silently.
        #expect(changes.map(\.reportLine) == [
            "initrd: added /boot/initrd-\(T.kernel).img (initrd for \(T.kernel): loads xenblk, jbd, ext3)",
            "initrd: note modules not found for \(T.kernel), left out as mkinitrd does (built into the kernel or not needed): scsi_mod, sd_mod",
        ])
        let node = out[try #require(out.lookup("/boot/initrd-\(T.kernel).img"))]
        #expect(node.permissions == 0o644 && node.uid == 0 && node.mtime == T.time)
    }

    @Test func twoRunsGiveTheSameBytes() throws {
        let one = try Self.run(try T.make(), try T.context()).image
        Thread.sleep(forTimeInterval: 1.1)
        let two = try Self.run(try T.make(), try T.context()).image
        let same = one == two
        #expect(same, "two initrds of one tree differ")
    }

    @Test func udevPartsWhenTheGuestHasUdevConfAndUdevStatic() throws {
        let (image, changes, _) = try Self.run(try T.make(udev: true), try T.context(console: "hvc0"))
        let oracle = try InitrdOracle(image)
        defer { oracle.cleanUp() }
        let members = try oracle.members()
        for m in ["bin/udev", "bin/udevstart", "bin/hotplug", "etc/udev", "etc/udev/udev.conf"] {
            #expect(members.contains(m), "no \(m) in \(members)")
        }
        #expect(!members.contains("dev/xvc0"), "xvc0 only for an xvc0 console")
        #expect(try oracle.linkTarget("bin/udevstart") == "udev")
        #expect(try oracle.linkTarget("bin/hotplug") == "/sbin/nash")
        #expect(try oracle.bytes("bin/udev") == T.elf("udev"))
        #expect(try oracle.bytes("etc/udev/udev.conf") == Array(T.udevConf.utf8))

        let lines = String(decoding: try oracle.bytes("init"), as: UTF8.self).split(separator: "\n").map(String.init)
        let sysfs = try #require(lines.firstIndex(of: "mount -t sysfs none /sys"))
        #expect(Array(lines[(sysfs + 1)...(sysfs + 10)]) == [
            "echo Creating /dev", "mount -o mode=0755 -t tmpfs none /dev", "mknod /dev/console c 5 1",
            "mknod /dev/null c 1 3", "mknod /dev/zero c 1 5", "mkdir /dev/pts", "mkdir /dev/shm",
            "echo Starting udev", "/sbin/udevstart", "echo -n \"/sbin/hotplug\" > /proc/sys/kernel/hotplug",
        ])
        let lastInsmod = try #require(lines.lastIndex { $0.hasPrefix("insmod ") })
        #expect(lines[lastInsmod + 1] == "/sbin/udevstart")
        #expect(!lines.contains("mkdevices /dev"))
        #expect(Array(lines.suffix(4)) == [
            "mount -t tmpfs --bind /dev /sysroot/dev", "echo Switching to new root", "switchroot /sysroot",
            "umount /initrd/dev",
        ])
        #expect(changes.first?.detail.hasSuffix(", udev") == true)
    }

    @Test func noUdevWhenUdevStaticIsNotExecutable() throws {
        var tree = try T.make(udev: true)
        let id = try #require(tree.lookup("/sbin/udev.static"))
        tree[id].permissions = 0o644
        let (image, _, _) = try Self.run(tree, try T.context())
        let oracle = try InitrdOracle(image)
        defer { oracle.cleanUp() }
        #expect(!(try oracle.members()).contains("bin/udev"))
    }

    @Test func xennetWhenTheRecipePreloadsIt() throws {
        let (image, _, _) = try Self.run(try T.make(), try T.context(preload: ["xenblk", "xennet"]))
        let oracle = try InitrdOracle(image)
        defer { oracle.cleanUp() }
        let insmods = String(decoding: try oracle.bytes("init"), as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("insmod ") }
        #expect(insmods == ["insmod /lib/xenblk.ko foo=1", "insmod /lib/xennet.ko ", "insmod /lib/jbd.ko ", "insmod /lib/ext3.ko "])
    }

    @Test func aStaticKernelGetsNoInitrd() throws {
        let (out, changes) = try InitrdStep().run(on: try T.make(), context: try T.context(isStatic: true))
        #expect(out.lookup("/boot/initrd-\(T.kernel).img") == nil)
        #expect(changes.map(\.action) == [.note])
    }

    @Test func missingProgramsAndModulesAreNamed() throws {
        func failure(_ change: (inout Tree) throws -> Void, preload: [String]? = nil) throws -> Initrd.Error? {
            var tree = try T.make()
            try change(&tree)
            do {
                _ = try InitrdStep().run(on: tree, context: try T.context(preload: preload))
                return nil
            } catch let e as Initrd.Error {
                return e
            }
        }
        let noNash = try failure { try $0.remove(GuestPath("/sbin/nash")) }
        #expect(noNash == .missingProgram(path: "/sbin/nash", package: "mkinitrd"))
        #expect(noNash?.description.contains("install the mkinitrd package") == true)

        let noInsmod = try failure { try $0.remove(GuestPath("/sbin/insmod.static")) }
        #expect(noInsmod == .missingProgram(path: "/sbin/insmod.static", package: "module-init-tools"))

        let noJbd = try failure { try $0.remove(GuestPath("/lib/modules/\(T.kernel)/kernel/fs/jbd/jbd.ko")) }
        #expect(noJbd == .missingModule(name: "jbd", kernel: T.kernel, neededBy: "ext3"))
        #expect(noJbd?.description.contains("no module jbd found for kernel \(T.kernel) (needed by ext3)") == true)

        let noPreload = try failure({ _ in }, preload: ["xenblk", "xenfoo"])
        #expect(noPreload == .missingModule(name: "xenfoo", kernel: T.kernel, neededBy: nil))

        let noDep = try failure { try $0.remove(GuestPath("/lib/modules/\(T.kernel)/modules.dep")) }
        #expect(noDep == .noModulesDep(kernel: T.kernel))

        let noTree = try failure { try $0.remove(GuestPath("/lib/modules/\(T.kernel)")) }
        #expect(noTree == .noModuleDirectory(kernel: T.kernel))
    }
}
