import Foundation
import Testing

@testable import Builder

/// The pieces mkinitrd reads and writes, each against the text MK4's shell, sed and awk would
/// give for the same input.
@Suite struct InitrdPartsTests {
    typealias T = CentOS4InitrdTree

    @Test func modulesDepAbsoluteFormatWithContinuations() {
        let k = "/lib/modules/2.6.9-55.ELxenU/kernel"
        let text = """
            \(k)/fs/ext3/ext3.ko: \(k)/fs/jbd/jbd.ko \\
            \t\(k)/fs/mbcache.ko
            \(k)/drivers/scsi/sd_mod.ko: \(k)/drivers/scsi/scsi_mod.ko
            \t\(k)/lib/extra.ko
            \(k)/fs/jbd/jbd.ko:
            \(k)/other/ext3.ko: \(k)/nothing.ko

            """
        let dep = Initrd.ModulesDep(text: text, kernel: "2.6.9-55.ELxenU")
        #expect(dep.records["ext3"]?.dependencies == ["jbd", "mbcache"])
        #expect(dep.records["ext3"]?.path == "\(k)/fs/ext3/ext3.ko", "the first record of a name wins")
        #expect(dep.records["sd_mod"]?.dependencies == ["scsi_mod", "extra"])
        #expect(dep.records["jbd"]?.dependencies == [])
    }

    @Test func modulesDepRelativeFormatResolvesUnderTheModuleFolder() {
        let dep = Initrd.ModulesDep(
            text: "kernel/fs/ext3/ext3.ko: kernel/fs/jbd/jbd.ko kernel/fs/mbcache.ko\nkernel/fs/jbd/jbd.ko:\n",
            kernel: "2.6.9-55.ELxenU")
        #expect(dep.records["ext3"]?.dependencies == ["jbd", "mbcache"])
        #expect(dep.records["ext3"]?.path == "/lib/modules/2.6.9-55.ELxenU/kernel/fs/ext3/ext3.ko")
    }

    @Test func hostAdaptersSortedAsLcAllCSortDashU() {
        let conf = Initrd.ModprobeConf(
            text: """
                alias eth0 e1000
                alias scsi_hostadapter1 ata_piix
                alias scsi_hostadapter xenblk
                #alias scsi_hostadapter2 aic7xxx
                  # alias scsi_hostadapter3 megaraid
                alias  scsi_hostadapter2 mptscsih
                alias scsi_hostadapter xenblk
                alias scsi_hostadapterX
                """)
        // Whole lines in byte order: "alias  s" < "alias s", and ' ' < '1'.
        #expect(conf.scsiHostAdapters == ["mptscsih", "xenblk", "ata_piix"])
    }

    @Test func optionsOfOneModuleOnly() {
        let conf = Initrd.ModprobeConf(
            text: """
                options xenblk2 nope=1
                options\txenblk  foo=1 bar=2
                options e1000 a=1 \\
                 b=2
                 options xenblk indented=1
                options xennet
                """)
        #expect(conf.options(for: "xenblk") == "foo=1 bar=2")
        #expect(conf.options(for: "e1000") == "a=1  b=2")
        #expect(conf.options(for: "xennet") == "")
        #expect(conf.options(for: "jbd") == "")
    }

    /// MK4's own pipelines (l.403 and l.691) run by the real grep, sort, awk and sed on the same
    /// modprobe.conf give the same answers.
    @Test func mkinitrdsShellPipelinesAgree() throws {
        let text = """
            alias eth0 e1000
            alias scsi_hostadapter1 ata_piix
            alias scsi_hostadapter xenblk
            #alias scsi_hostadapter2 aic7xxx
            alias\tscsi_hostadapter3 megaraid
            options xenblk2 nope=1
            options\txenblk  foo=1 bar=2
            options e1000 a=1 \\
             b=2
             options xenblk indented=1
            options xennet

            """
        let folder = try HostTools.temporaryDirectory("modprobe")
        defer { HostTools.cleanUp(folder) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/modprobe.conf"))
        let conf = Initrd.ModprobeConf(text: text)

        let grep = try HostTools.run([
            "/bin/sh", "-c",
            "grep 'alias[[:space:]]\\+scsi_hostadapter' '\(folder)/modprobe.conf' | grep -v '^[ \t]*#' | LC_ALL=C sort -u | awk '{ print $3 }'",
        ])
        #expect(conf.scsiHostAdapters == grep.output.split(separator: "\n").map(String.init), "shell: \(grep.output)")

        for module in ["xenblk", "e1000", "xennet", "jbd"] {
            let script = ":a\n/\\\\$/N; s/\\\\\\n//; ta\ns/^options[ \t][ \t]*\(module)[ \t][ \t]*//p\n"
            try Data(script.utf8).write(to: URL(fileURLWithPath: folder + "/options.sed"))
            let sed = try HostTools.run(["sed", "-n", "-f", folder + "/options.sed", folder + "/modprobe.conf"])
            #expect(sed.ok, "\(sed.output)")
            let expected = sed.output.hasSuffix("\n") ? String(sed.output.dropLast()) : sed.output
            #expect(conf.options(for: module) == expected, "\(module): sed says '\(expected)'")
        }
    }

    @Test func rootFilesystemFromTheFirstUncommentedSlashLine() throws {
        let root = try Initrd.RootFilesystem(fstab: T.fstab)
        #expect(root == Initrd.RootFilesystem(type: "ext3", options: "defaults,noatime"))
        let lvm = try Initrd.RootFilesystem(fstab: "/dev/mapper/VolGroup00-LogVol00 / ext2 ro\n")
        #expect(lvm == Initrd.RootFilesystem(type: "ext2", options: "ro"))
        #expect(throws: Initrd.Error.noRootLine) { try Initrd.RootFilesystem(fstab: "#/dev/sda1 / ext3 defaults 1 1\n") }
    }

    @Test func udevConfMaySwitchPartsOff() {
        #expect(Initrd.Udev(udevConf: T.udevConf) == Initrd.Udev(tmpfs: true, keepDev: true))
        #expect(Initrd.Udev(udevConf: "UDEV_TMPFS=\"\"\nUDEV_KEEP_DEV=no\n") == Initrd.Udev(tmpfs: false, keepDev: true))
        #expect(Initrd.Udev(udevConf: "USE_UDEV=\n") == nil)
    }

    @Test func initScriptWithoutUdevIsMkinitrdsTextLineForLine() throws {
        let m = try GuestPath("/lib/modules/k/kernel")
        let script = Initrd.InitScript(
            modules: [
                Initrd.Module(name: "xenblk", path: m.appending(try Name("xenblk.ko")), options: "foo=1"),
                Initrd.Module(name: "jbd", path: m.appending(try Name("jbd.ko")), options: ""),
                Initrd.Module(name: "ext3", path: m.appending(try Name("ext3.ko")), options: ""),
            ],
            udev: nil, root: Initrd.RootFilesystem(type: "ext3", options: "defaults"))
        // MK4 l.654-807 for a 2.6 kernel, no udev, no RAID, no LVM.
        #expect(
            script.text == """
                #!/bin/nash

                mount -t proc /proc /proc
                setquiet
                echo Mounted /proc filesystem
                echo Mounting sysfs
                mount -t sysfs none /sys
                echo "Loading xenblk.ko module"
                insmod /lib/xenblk.ko foo=1
                echo "Loading jbd.ko module"
                insmod /lib/jbd.ko\u{20}
                echo "Loading ext3.ko module"
                insmod /lib/ext3.ko\u{20}
                echo Creating block devices
                mkdevices /dev
                echo Creating root device
                mkrootdev /dev/root
                umount /sys
                echo Mounting root filesystem
                mount -o defaults --ro -t ext3 /dev/root /sysroot
                echo Switching to new root
                switchroot /sysroot

                """)
    }

    @Test func moduleFilesInUpdatesWinAndCyclesAreErrors() throws {
        var tree = try T.make()
        let k = T.kernel
        try tree.insert(
            T.file(Array("newer".utf8)), at: GuestPath("/lib/modules/\(k)/updates/xenblk.ko"), parentTemplate: T.dir())
        let files = try Initrd.ModuleFiles(tree: tree, kernel: k)
        let dep = Initrd.ModulesDep(text: T.modulesDep, kernel: k)
        let list = try Initrd.ModuleList(
            kernel: k, preload: ["xenblk"], modprobe: Initrd.ModprobeConf(text: ""), rootType: "ext2",
            dependencies: dep, files: files)
        #expect(list.modules.map(\.path.description) == ["/lib/modules/\(k)/updates/xenblk.ko"])
        // No scsi_hostadapter alias: no scsi_mod/sd_mod asked for; ext2 built in.
        #expect(list.skipped == ["ext2"])

        let loop = Initrd.ModulesDep(
            text: "/lib/modules/\(k)/kernel/fs/jbd/jbd.ko: /lib/modules/\(k)/kernel/fs/ext3/ext3.ko\n"
                + "/lib/modules/\(k)/kernel/fs/ext3/ext3.ko: /lib/modules/\(k)/kernel/fs/jbd/jbd.ko\n",
            kernel: k)
        #expect(throws: Initrd.Error.dependencyCycle(modules: ["ext3", "jbd", "ext3"], kernel: k)) {
            try Initrd.ModuleList(
                kernel: k, preload: [], modprobe: Initrd.ModprobeConf(text: ""), rootType: "ext3",
                dependencies: loop, files: files)
        }
    }
}
