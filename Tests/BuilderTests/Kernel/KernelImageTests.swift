import Foundation
import Testing

@testable import Builder

/// KernelImage against the generated kernels; readelf (binutils) confirms each fixture holds
/// what the test says it holds, so the analysis is not checked only against our own writer.
@Suite struct KernelImageTests {
    @Test func gzipELFWithXenGuestSectionIsAPAEGuest() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let elf = try k.gunzipped("xenu-pae.gz")
        let sections = try HostTools.run(["readelf", "-p", "__xen_guest", elf])
        #expect(sections.output.contains("PAE=yes[extended-cr3]"), "readelf: \(sections.output)")
        let header = try HostTools.run(["readelf", "-h", elf])
        #expect(header.output.contains("Intel 80386") && header.output.contains("ELF32"), "\(header.output)")

        let image = try k.analyse("xenu-pae.gz")
        #expect(image.format == .compressedELF(filter: "gzip"))
        #expect(image.elfClass == "ELF32")
        #expect(image.machine == 3)
        #expect(image.abis == ["xen-3.0-x86_32p"])
        #expect(image.xen.source == .xenGuestSection)
        #expect(image.xen.xenVersion == "xen-3.0")
        #expect(image.xen.loader == "generic")
        #expect(image.xen.guestOS == "linux")
        #expect(image.xen.guestVersion == "2.6")
        #expect(image.xen.pae == .extendedCR3)
        #expect(image.xen.virtBase == 0xC000_0000)
        #expect(image.version == "2.6.9-55.ELxenU")
        #expect(image.blockFrontend == .unknown && image.netFrontend == .unknown && image.configSource == nil)
    }

    @Test func nonPAEGuestStringIsX86_32() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let image = try k.analyse("xenu-nopae.gz")
        #expect(image.abi == "xen-3.0-x86_32")
        #expect(image.xen.paeText == "no")
        #expect(image.version == "2.6.9-42.0.3.ELxenU")
    }

    @Test func plainELFIsReadWithoutDecompression() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let image = try k.analyse("xenu-pae.elf")
        #expect(image.format == .elf)
        #expect(image.abi == "xen-3.0-x86_32p")
    }

    @Test func noteSegmentGivesEveryField() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let notes = try HostTools.run(["readelf", "-n", k.path("notes32.elf")])
        // readelf prints the owner and the type number of each note it does not know.
        #expect(notes.output.contains("Xen"), "\(notes.output)")
        #expect(notes.output.contains("(0x00000009)") && notes.output.contains("(0x00000005)"), "\(notes.output)")
        let segments = try HostTools.run(["readelf", "-l", k.path("notes32.elf")])
        #expect(segments.output.contains("NOTE"), "\(segments.output)")

        let image = try k.analyse("notes32.elf")
        #expect(image.xen.source == .noteSegment)
        #expect(image.xen.pae == .yes)
        #expect(image.abi == "xen-3.0-x86_32p")
        #expect(image.xen.xenVersion == "xen-3.0")
        #expect(image.xen.guestOS == "linux")
        #expect(image.xen.loader == "generic")
        #expect(image.xen.features == "writable_page_tables|writable_descriptor_tables")
        #expect(image.xen.virtBase == 0xC000_0000)
        #expect(image.xen.entry == 0xC010_0000)
    }

    @Test func noteSectionWithoutSegmentIsTheSecondPlace() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let segments = try HostTools.run(["readelf", "-l", k.path("notes32-section.elf")])
        #expect(!segments.output.contains("NOTE"), "the fixture must have no PT_NOTE: \(segments.output)")
        let sections = try HostTools.run(["readelf", "-S", k.path("notes32-section.elf")])
        #expect(sections.output.contains("NOTE"), "\(sections.output)")
        let image = try k.analyse("notes32-section.elf")
        #expect(image.xen.source == .noteSection)
        #expect(image.abi == "xen-3.0-x86_32")
    }

    @Test func notesWinOverXenGuestSection() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let image = try k.analyse("both.elf")
        #expect(image.xen.source == .noteSegment)
        #expect(image.abi == "xen-3.0-x86_32p", "the notes say PAE yes, the __xen_guest string says no")
    }

    @Test func bimodalRunsAsPAEWhereOffered() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let image = try k.analyse("notes32-bimodal.elf")
        #expect(image.xen.pae == .bimodal)
        #expect(image.abis == ["xen-3.0-x86_32p", "xen-3.0-x86_32"])
        #expect(image.abi(on: ["xen-3.0-x86_64", "xen-3.0-x86_32p"]) == "xen-3.0-x86_32p")
        #expect(image.abi(on: ["xen-3.0-x86_32"]) == "xen-3.0-x86_32")
        #expect(image.abi(on: ["xen-3.0-x86_64"]) == nil)
    }

    @Test func elf64WithNotesIsX86_64() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let elf = try k.gunzipped("notes64.gz")
        let header = try HostTools.run(["readelf", "-h", elf])
        #expect(header.output.contains("ELF64") && header.output.contains("X86-64"), "\(header.output)")
        let image = try k.analyse("notes64.gz")
        #expect(image.elfClass == "ELF64")
        #expect(image.abis == ["xen-3.0-x86_64"])
        #expect(image.xen.virtBase == 0xFFFF_FFFF_8000_0000)
        #expect(image.version == "2.6.18-8.el5xen")
    }

    @Test func embeddedConfigTellsTheFrontendsAreBuiltIn() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        // The oracle: the kernel tree's own way of finding the config (IKCFG_ST, gzip, IKCFG_ED).
        let elf = try k.gunzipped("static64.gz")
        let extracted = try HostTools.run([
            "sh", "-c",
            "python3 -c \"import sys,gzip;d=open(sys.argv[1],'rb').read();s=d.index(b'IKCFG_ST')+8;e=d.index(b'IKCFG_ED');sys.stdout.write(gzip.decompress(d[s:e]).decode())\" '\(elf)'",
        ])
        #expect(extracted.output.contains("CONFIG_XEN_BLKDEV_FRONTEND=y"), "\(extracted.output)")

        let image = try k.analyse("static64.gz", config: (text: "CONFIG_XEN_BLKDEV_FRONTEND=m\n", source: "/boot/config-x"))
        #expect(image.configSource == "embedded (CONFIG_IKCONFIG)", "the kernel's own config wins")
        #expect(image.blockFrontend == .builtIn)
        #expect(image.netFrontend == .builtIn)
        #expect(image.hvcXen == true)
        #expect(image.version == "6.1.0-static")
    }

    @Test func configFromTheTreeWhenNoneIsEmbedded() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let config = "CONFIG_XEN=y\nCONFIG_XEN_BLKDEV_FRONTEND=m\n# CONFIG_XEN_NETDEV_FRONTEND is not set\n"
        let image = try k.analyse("xenu-pae.gz", config: (text: config, source: "/boot/config-2.6.9-55.ELxenU"))
        #expect(image.configSource == "/boot/config-2.6.9-55.ELxenU")
        #expect(image.blockFrontend == .module)
        #expect(image.netFrontend == .absent)
        #expect(image.hvcXen == false)
    }

    @Test(arguments: ["bzimage-gzip", "bzimage-xz", "bzimage-bzip2", "bzimage-lzma"])
    func bzImagePayloadIsDecompressed(_ name: String) throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let file = try HostTools.run(["file", "-b", k.path(name)])
        #expect(file.output.contains("Linux kernel x86 boot executable"), "file(1) says: \(file.output)")
        let image = try k.analyse(name)
        guard case .bzImage(let proto, let filter) = image.format else {
            Issue.record("format \(image.format)")
            return
        }
        #expect(proto == "2.15")
        #expect(name.hasSuffix(filter) || (name == "bzimage-lzma" && filter == "lzma"), "filter \(filter)")
        #expect(image.abi == "xen-3.0-x86_64")
        #expect(image.blockFrontend == .builtIn)
    }

    @Test func bzImageBeforeProtocol208IsRefused() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        #expect(throws: KernelImage.Error.bzImageWithoutPayload(name: "bzimage-old", protocolVersion: "2.04")) {
            try k.analyse("bzimage-old")
        }
    }

    @Test func kernelWithoutXenMetadataIsNotAPVGuest() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        do {
            _ = try k.analyse("native.elf")
            Issue.record("a native kernel was accepted")
        } catch let e as KernelImage.Error {
            #expect(e == .notXenGuest(name: "native.elf", machine: "Intel 80386"))
            #expect(e.description.contains("no Xen ELF notes or __xen_guest section: this kernel cannot boot as a PV guest; use a xenU kernel"))
        }
    }

    @Test(arguments: ["random.bin", "random.gz"])
    func notAKernel(_ name: String) throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        do {
            _ = try k.analyse(name)
            Issue.record("\(name) was taken for a kernel")
        } catch let e as KernelImage.Error {
            guard case .notAKernel(let n, let reason) = e else {
                Issue.record("wrong error \(e)")
                return
            }
            #expect(n == name)
            #expect(name == "random.gz" ? reason.contains("gzip-compressed") : reason.contains("neither ELF"), "\(reason)")
        }
    }

    @Test func guestChecksOfTheLoader() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        #expect(throws: KernelImage.Error.notForXen3(name: "xen2.elf", xenVersion: "xen-2.0")) {
            try k.analyse("xen2.elf")
        }
        #expect(throws: KernelImage.Error.notForGenericLoader(name: "netbsd.elf", loader: "bsd", guestOS: "NetBSD")) {
            try k.analyse("netbsd.elf")
        }
    }

    @Test func truncatedKernelIsAnErrorNotACrash() throws {
        let k = try KernelFixtures()
        defer { k.cleanUp() }
        let whole = try k.bytes("notes32.elf")
        for cut in [8, 40, 52, 100, 300, whole.count - 10] {
            // Either an error or a result, never a trap on an offset outside the file.
            _ = try? KernelImage.analyse(Array(whole.prefix(cut)), name: "cut")
        }
        let gz = try k.bytes("xenu-pae.gz")
        #expect(throws: KernelImage.Error.self) { try KernelImage.analyse(Array(gz.prefix(gz.count / 2)), name: "half.gz") }
    }

    @Test func pieceParsers() {
        #expect(XenGuestInfo.PAEMode(parsing: "yes,bimodal") == .bimodal)
        #expect(XenGuestInfo.PAEMode(parsing: "yes[extended-cr3]") == .extendedCR3)
        #expect(XenGuestInfo.PAEMode(parsing: "no") == .no)
        let info = XenGuestInfo(guestString: "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,FEATURES=a|!b,PAE=yes")
        #expect(info.features == "a|!b" && info.virtBase == 0xC000_0000 && info.pae == .yes)
        let header = BzImageHeader([UInt8](repeating: 0, count: 1024))
        #expect(header == nil)
    }
}
