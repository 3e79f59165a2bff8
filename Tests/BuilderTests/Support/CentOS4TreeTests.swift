import Foundation
import Testing

@testable import Builder

/// The CentOS-4 fixture is what it claims, judged by file(1), readelf, gzip and cpio.
struct CentOS4TreeTests {
    static func run(_ argv: [String]) throws -> String {
        let r = try HostTools.run(argv)
        #expect(r.ok, "\(argv.joined(separator: " ")): \(r.output)")
        return r.output
    }

    /// `zcat FILE` into a temporary file; returns its path inside `dir`.
    static func gunzip(_ file: String, into dir: String) throws -> String {
        let out = dir + "/" + URL(fileURLWithPath: file).lastPathComponent + ".elf"
        let r = try HostTools.run(["sh", "-c", "zcat \"$0\" > \"$1\"", file, out])
        #expect(r.ok, "zcat \(file): \(r.output)")
        return out
    }

    @Test("i686: ELF32 i386 binaries, a gzip'd ELF32 xenU kernel with the PAE __xen_guest string, a bzImage native kernel")
    func i686() throws {
        let root = try CentOS4Tree.path(.i686)
        let dir = try HostTools.temporaryDirectory("c4-i686")
        defer { HostTools.cleanUp(dir) }
        #expect(try Self.run(["file", "-b", root + "/bin/bash"]).hasPrefix("ELF 32-bit LSB executable, Intel 80386"))
        #expect(try Self.run(["file", "-b", root + "/sbin/nash"]).hasPrefix("ELF 32-bit LSB executable, Intel 80386"))
        #expect(try Self.run(["file", "-b", root + "/boot/vmlinuz-2.6.9-55.EL"]).contains("Linux kernel x86 boot executable bzImage"))
        #expect(try Self.run(["file", "-b", root + "/boot/vmlinuz-2.6.9-55.ELxenU"]).hasPrefix("gzip compressed data"))

        let vmlinux = try Self.gunzip(root + "/boot/vmlinuz-2.6.9-55.ELxenU", into: dir)
        let header = try Self.run(["readelf", "-h", vmlinux])
        #expect(header.contains("ELF32") && header.contains("Intel 80386") && header.contains("EXEC"), "\(header)")
        let guest = try Self.run(["readelf", "-p", "__xen_guest", vmlinux])
        for field in ["GUEST_OS=linux", "XEN_VER=xen-3.0", "VIRT_BASE=0xC0000000", "ELF_PADDR_OFFSET=0xC0000000",
                      "HYPERCALL_PAGE=0x", "PAE=yes[extended-cr3]", "LOADER=generic"] {
            #expect(guest.contains(field), "\(field) in \(guest)")
        }
        let ko = try Self.run(["readelf", "-h", "-p", ".modinfo", root + "/lib/modules/2.6.9-55.ELxenU/kernel/drivers/xen/blkfront/xenblk.ko"])
        #expect(ko.contains("REL (Relocatable file)") && ko.contains("vermagic=2.6.9-55.ELxenU"), "\(ko)")
    }

    @Test("x86_64: ELF64 binaries and a gzip'd ELF64 xenU kernel with Xen notes in a PT_NOTE segment")
    func x86_64() throws {
        let root = try CentOS4Tree.path(.x86_64)
        let dir = try HostTools.temporaryDirectory("c4-x86_64")
        defer { HostTools.cleanUp(dir) }
        #expect(try Self.run(["file", "-b", root + "/bin/bash"]).hasPrefix("ELF 64-bit LSB executable, x86-64"))
        let vmlinux = try Self.gunzip(root + "/boot/vmlinuz-2.6.9-55.ELxenU", into: dir)
        let out = try Self.run(["readelf", "-h", "-l", "-n", vmlinux])
        #expect(out.contains("ELF64") && out.contains("X86-64") && out.contains("NOTE"), "\(out)")
        // readelf does not name Xen's note types; count the owner "Xen" and check the strings.
        #expect(out.components(separatedBy: "\n  Xen ").count - 1 == 9, "\(out)")
        let strings = try Self.run(["strings", "-a", vmlinux])
        #expect(strings.contains("xen-3.0") && strings.contains("generic") && strings.contains("linux"))
    }

    @Test("the configuration files have the CentOS 4 formats the steps rewrite")
    func configuration() throws {
        let tree = try CentOS4Tree.tree()
        func text(_ path: String) throws -> String { try #require(try BootTestSupport.text(tree, path), "\(path)") }
        #expect(try text("/etc/redhat-release") == "CentOS release 4.5 (Final)\n")
        #expect(try text("/etc/fstab").contains("LABEL=/boot             /boot"))
        #expect(try text("/etc/modprobe.conf").hasPrefix("alias eth0 e1000\nalias scsi_hostadapter ata_piix\n"))
        #expect(try text("/etc/sysconfig/network-scripts/ifcfg-eth0").contains("HWADDR=00:0C:29:5A:3B:7E"))
        #expect(try text("/etc/selinux/config").contains("\nSELINUX=enforcing\n"))
        #expect(try text("/etc/ld.so.conf.d/kernelcap-2.6.9-55.EL.conf") == "hwcap 0 nosegneg\n")
        #expect(try text("/lib/modules/2.6.9-55.ELxenU/modules.dep").contains(
            "/lib/modules/2.6.9-55.ELxenU/kernel/fs/ext3/ext3.ko: /lib/modules/2.6.9-55.ELxenU/kernel/fs/jbd/jbd.ko\n"))
        #expect(try text("/etc/rc.d/init.d/sshd").contains("# chkconfig: 2345 55 25\n"))
        #expect(BootTestSupport.symlink(tree, "/etc/rc.d/rc3.d/S55sshd") == "../init.d/sshd")
        #expect(BootTestSupport.symlink(tree, "/etc/rc.d/rc1.d/K25sshd") == "../init.d/sshd")
        #expect(BootTestSupport.symlink(tree, "/bin/sh") == "bash")
        #expect(tree.resolve("/lib/tls/libc.so.6") != nil)
        #expect(tree.resolve("/boot/initrd-2.6.9-55.ELxenU.img") == nil, "the xenU initrd is builder's to write")

        let tmp = try #require(tree.lookup("/tmp"))
        #expect(tree[tmp].permissions == 0o1777)
        let alice = try #require(tree.lookup("/home/alice"))
        #expect(tree[alice].uid == 500 && tree[alice].gid == 500)
        let shadow = try #require(tree.lookup("/etc/shadow"))
        #expect(tree[shadow].permissions == 0o400 && tree[shadow].uid == 0)
        #expect(tree[shadow].mtime == Timestamp(seconds: 1_177_977_600))
        let console = try #require(tree.lookup("/dev/console"))
        #expect(tree[console].kind == .characterDevice(DeviceNumber(major: 5, minor: 1)))
    }

    @Test("the native initrd is a gzip'd newc cpio that cpio lists")
    func nativeInitrd() throws {
        let root = try CentOS4Tree.path()
        let r = try HostTools.run(["sh", "-c", "zcat \"$0\" | cpio -it --quiet", root + "/boot/initrd-2.6.9-55.EL.img"])
        #expect(r.ok && r.output == "bin\nbin/nash\ninit\n", "\(r.output)")
    }
}

extension CentOS4TreeTests {
    @Test("recipes/centos4/tree is the generator's output (contents and links; git keeps no owners, modes or empty folders)")
    func committedSampleMatches() throws {
        let committed = try DirectorySource.read(HostTools.repoRoot.appendingPathComponent("recipes/centos4/tree").path)
        let generated = try CentOS4Tree.tree(.i686)
        func summary(_ tree: Tree) throws -> [String: String] {
            var out: [String: String] = [:]
            try tree.walk { path, id in
                guard path.last?.description != ".keep" else { return }
                switch tree[id].kind {
                case .regular: out[path.description] = "file " + String(try tree.bytes(of: id).hashValue)
                case .symlink(let target): out[path.description] = "link " + String(decoding: target, as: UTF8.self)
                case .directory: out[path.description] = "dir"
                default: out[path.description] = "device"
                }
            }
            return out
        }
        var expected = try summary(generated)
        expected = expected.filter { $0.value != "device" }
        let actual = try summary(committed)
        let differing = Set(expected.keys).union(actual.keys).filter { expected[$0] != actual[$0] }.sorted()
        #expect(differing.isEmpty, "regenerate it (see recipes/centos4/README.md); differing: \(differing.prefix(20))")
    }
}
