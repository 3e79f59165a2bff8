import Foundation
import Testing

@testable import Builder

/// `BootMemory` against what Xen 4.17's libxc printed for Debian 12's kernel and initrd with
/// `"memory": 128` ("xc_dom_alloc_segment: segment module0 too large (0x7c4f > 0x8000 - 0x4c00
/// pages)"), readelf's program headers, and layouts worked by hand from xg_dom_x86.c.
@Suite struct BootMemoryTests {
    /// The ELF inside a kernel file (gzip'd ELF or bzImage), written to `dir` for readelf.
    static func vmlinux(_ kernel: String, into dir: String) throws -> String {
        let out = dir + "/vmlinux"
        let script = """
            import gzip, lzma, struct, sys, zlib
            b = open(sys.argv[1], 'rb').read()
            if b[:2] == b'\\x1f\\x8b':
                d = gzip.decompress(b)
            else:
                off = (b[0x1f1] + 1) * 512
                po, pl = struct.unpack('<II', b[0x248:0x250])
                p = b[off + po:off + po + pl]
                d = zlib.decompressobj(31).decompress(p) if p[:2] == b'\\x1f\\x8b' else lzma.LZMADecompressor().decompress(p)
            open(sys.argv[2], 'wb').write(d)
            """
        let r = try HostTools.run(["python3", "-c", script, kernel, out])
        try #require(r.ok, "extracting the ELF of \(kernel): \(r.output)")
        return out
    }

    /// readelf's highest PhysAddr + MemSiz over the LOAD headers (libelf's pend).
    static func pend(_ elf: String) throws -> UInt64 {
        let r = try HostTools.run(["readelf", "-lW", elf])
        try #require(r.ok, "readelf -lW: \(r.output)")
        var high: UInt64 = 0
        for line in r.output.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.first == "LOAD", f.count >= 6, let paddr = UInt64(f[3].dropFirst(2), radix: 16),
                let memsz = UInt64(f[5].dropFirst(2), radix: 16)
            else { continue }
            high = max(high, paddr + memsz)
        }
        try #require(high > 0, "no LOAD header in \(r.output)")
        return high
    }

    static func initrd(_ path: String) throws -> BootMemory.Initrd {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        return BootMemory.Initrd(size: UInt64(bytes.count), head: bytes.prefix(8), tail: bytes.suffix(4))
    }

    @Test func debianKernelAndInitrdNeedMoreThan128MiBAsLibxcSaid() throws {
        let tree = try DebianKernelTree.ensure()
        let version = try DebianKernelTree.kernelVersion(tree)
        let kernelPath = tree + "/boot/vmlinuz-\(version)"
        let image = try KernelImage.analyse(file: kernelPath)
        let load = image.load
        #expect(load.unmappedInitrd, "Linux x86-64 has MOD_START_PFN")
        #expect(load.p2mBase == 0x80_0000_0000, "Linux x86-64 asks for its p2m list at 512 GiB")
        let dir = try HostTools.temporaryDirectory("bootmem")
        defer { HostTools.cleanUp(dir) }
        // PADDR_OFFSET is 0 in Linux's notes: the kernel ends at readelf's pend.
        #expect(load.end == (try Self.pend(Self.vmlinux(kernelPath, into: dir))))

        let initrd = try Self.initrd(tree + "/boot/initrd.img-\(version)")
        let small = BootMemory(kernel: load, is64: true, initrd: initrd, memoryMiB: 128)
        // libxc's own numbers for this kernel and initrd.
        #expect(small.totalPages == 0x8000)
        #expect(small.pagesBeforeInitrd == 0x4C00, "0x\(String(small.pagesBeforeInitrd, radix: 16))")
        #expect(small.initrdPages == 0x7C4F, "0x\(String(small.initrdPages, radix: 16))")
        #expect(!small.fits)

        do {
            _ = try BootMemory.check(
                kernel: load, is64: true, initrd: initrd, memoryMiB: 128, kernelName: "/boot/vmlinuz-\(version)",
                initrdName: "/boot/initrd.img-\(version)")
            Issue.record("128 MiB passed the check")
        } catch {
            let text = error.description
            #expect(text.contains("\"memory\" is 128 MiB") && text.contains("set \"memory\" to at least 448"), "\(text)")
            #expect(text.contains("first 74 MiB") && text.contains("initrd.img-\(version) (125 MiB"), "\(text)")
        }
        let big = try BootMemory.check(
            kernel: load, is64: true, initrd: initrd, memoryMiB: 512, kernelName: "k", initrdName: "i")
        #expect(big.hasPrefix("memory 512 MiB: Xen's loader places kernel and initrd in the first 20"), "\(big)")
        let tight = try BootMemory.check(
            kernel: load, is64: true, initrd: initrd, memoryMiB: 256, kernelName: "k", initrdName: "i")
        #expect(tight.hasPrefix("warning: memory 256 MiB") && tight.contains("at least 448"), "\(tight)")
    }

    @Test func staticKernelFitsTheDefaultMemory() throws {
        let kernelPath = try StaticKernel.ensure()
        let image = try KernelImage.analyse(file: kernelPath)
        let dir = try HostTools.temporaryDirectory("bootmem")
        defer { HostTools.cleanUp(dir) }
        #expect(image.load.end == (try Self.pend(Self.vmlinux(kernelPath, into: dir))))
        let note = try BootMemory.check(
            kernel: image.load, is64: true, initrd: nil, memoryMiB: 128, kernelName: "k", initrdName: nil)
        #expect(note.hasPrefix("memory 128 MiB: Xen's loader places the kernel in the first"), "\(note)")
    }

    @Test func centos4SampleKernelIsPlacedByItsLegacyPaddrOffset() throws {
        let kernelPath = CLIHarness.packageRoot + "/recipes/centos4/tree/boot/vmlinuz-2.6.9-55.ELxenU"
        let image = try KernelImage.analyse(file: kernelPath)
        #expect(image.xen.source == .xenGuestSection && image.xen.paddrOffset == 0xC000_0000)
        let dir = try HostTools.temporaryDirectory("bootmem")
        defer { HostTools.cleanUp(dir) }
        let elfPath = try Self.vmlinux(kernelPath, into: dir)
        let pend = try Self.pend(elfPath)
        #expect(image.load.end == pend - 0xC000_0000)
        #expect(!image.load.unmappedInitrd && image.load.p2mBase == nil)

        // Without ELF_PADDR_OFFSET the legacy string's offset is VIRT_BASE; with Xen notes, 0.
        let elf = try ELFFile(Array(try Data(contentsOf: URL(fileURLWithPath: elfPath))))
        let legacy = XenGuestInfo(guestString: "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,LOADER=generic")
        #expect(KernelLoad(elf: elf, xen: legacy).end == pend - 0xC000_0000)
        var notes = legacy
        notes.source = .noteSegment
        #expect(KernelLoad(elf: elf, xen: notes).end == pend)
    }

    /// A 32-bit PAE guest, worked from xg_dom_x86.c: kernel to 2 MiB (512 pages), a mapped
    /// 1 MiB initrd (256), the p2m list (32768 × 4 bytes: 32), start info, xenstore, console (3)
    /// = 803; the mapping to 4 MiB needs 4 page tables (top, 1 L2, 2 L1: 0xC0000000-0xC03FFFFF)
    /// + boot stack + 512 KiB = 133 pages, 936 ≤ 1024: everything within the first 4 MiB.
    @Test func paeGuestLayoutWorkedByHand() {
        let load = KernelLoad(virtBase: 0xC000_0000, end: 2 << 20, unmappedInitrd: false, p2mBase: nil)
        let initrd = BootMemory.Initrd(fileSize: 1 << 20, loadedSize: 1 << 20, unpackedSize: 1 << 20)
        let m = BootMemory(kernel: load, is64: false, initrd: initrd, memoryMiB: 128)
        #expect(m.kernelPages == 512 && m.initrdPages == 256 && m.pagesBeforeInitrd == 512)
        #expect(m.neededPages == 1024)
        #expect(BootMemory.tablePages(from: 0xC000_0000, to: 0xC03F_FFFF, is64: false, topLevel: true) == 4)
        // Past 4 MiB the mapping grows by 4 MiB and an L1 table per 2 MiB.
        let bigger = BootMemory(kernel: load, is64: false, initrd: BootMemory.Initrd(
            fileSize: 3 << 20, loadedSize: 3 << 20, unpackedSize: 3 << 20), memoryMiB: 128)
        #expect(bigger.neededPages == 2048)
        // 6 MiB fit in 16, and the sample recipes' 128 MiB draws no warning.
        let note = try? BootMemory.check(kernel: load, is64: false, initrd: initrd, memoryMiB: 16, kernelName: "k", initrdName: "i")
        #expect(note?.hasPrefix("warning: memory 16 MiB: Xen's loader places kernel and initrd in the first 4 MiB") == true, "\(note ?? "threw")")
        let fine = try? BootMemory.check(kernel: load, is64: false, initrd: initrd, memoryMiB: 128, kernelName: "k", initrdName: "i")
        #expect(fine == "memory 128 MiB: Xen's loader places kernel and initrd in the first 4 MiB")
    }

    @Test func gzipModulesArePlacedAtTheirISizePlus16() throws {
        let dir = try HostTools.temporaryDirectory("bootmem-gz")
        defer { HostTools.cleanUp(dir) }
        let plain = [UInt8](repeating: 0x41, count: 300_000) + Array("070701".utf8)
        try Data(plain).write(to: URL(fileURLWithPath: dir + "/plain"))
        let gz = try HostTools.run(["sh", "-c", "gzip -9nc '\(dir)/plain' > '\(dir)/plain.gz'"])
        try #require(gz.ok, "\(gz.output)")
        let packed = try Self.initrd(dir + "/plain.gz")
        #expect(packed.fileSize < 10_000)
        #expect(packed.loadedSize == UInt64(plain.count) + 16 && packed.unpackedSize == UInt64(plain.count))

        // Random bytes grow under gzip: ISIZE + 16 is below the file size, which the loader takes.
        let random = try HostTools.run([
            "sh", "-c", "head -c 4096 /dev/urandom > '\(dir)/r' && gzip -nc '\(dir)/r' > '\(dir)/r.gz'",
        ])
        try #require(random.ok, "\(random.output)")
        let grown = try Self.initrd(dir + "/r.gz")
        #expect(grown.fileSize > 4096 + 16 && grown.loadedSize == grown.fileSize && grown.unpackedSize == 4096)

        // A cpio is placed as it is; an ISIZE over 1 GiB is taken for "insane" and not gunzipped.
        let cpio = BootMemory.Initrd(size: 5000, head: Array("070701".utf8)[...], tail: [1, 2, 3, 4])
        #expect(cpio.loadedSize == 5000 && cpio.unpackedSize == 5000)
        let insane = BootMemory.Initrd(size: 5000, head: [0x1F, 0x8B, 8, 0], tail: [0, 0, 0, 0x50])
        #expect(insane.loadedSize == 5000)
        // zstd keeps no size: 4 × the file stands in for what the kernel unpacks.
        let zstd = BootMemory.Initrd(size: 5000, head: [0x28, 0xB5, 0x2F, 0xFD], tail: [0, 0, 0, 0])
        #expect(zstd.loadedSize == 5000 && zstd.unpackedSize == 20_000)
    }
}
