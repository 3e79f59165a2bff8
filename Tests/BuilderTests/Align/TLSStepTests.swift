import Testing

@testable import Builder

@Suite struct TLSStepTests {
    typealias C = StockCentOS4

    static let kernelcap = "/etc/ld.so.conf.d/kernelcap-2.6.9-55.EL.conf"

    @Test func fixMovesLibTlsAsideAndLeavesAnEmptyOne() throws {
        let native = try C.make()
        let libcNode = C.node(native, "/lib/tls/libc-2.3.4.so")
        let (tree, changes) = try C.runTwice(TLSStep(), native, C.context())
        #expect(C.node(tree, "/lib/tls")?.entries?.isEmpty == true)
        #expect(C.node(tree, "/lib/tls")?.permissions == 0o755)
        let moved = try #require(C.node(tree, "/lib/tls.disabled")?.entries)
        #expect(moved.keys.map(\.description).sorted() == ["libc-2.3.4.so", "libc.so.6", "libpthread-0.10.so"])
        // Moved, not copied: the same inodes with their metadata.
        #expect(C.node(tree, "/lib/tls.disabled/libc-2.3.4.so") == libcNode)
        #expect(C.node(tree, "/lib/libc-2.3.4.so") != nil)
        #expect(
            changes.contains {
                $0.action == .moved && $0.path?.description == "/lib/tls" && $0.detail == "to /lib/tls.disabled"
            })
        // ld.so inside the guest would resolve libc.so.6 through the moved link still.
        #expect(tree.resolve("/lib/tls.disabled/libc.so.6").map { tree[$0] } == libcNode)
    }

    @Test func theKernelcapFileIsTheXenURPMs() throws {
        let (tree, _) = try C.runTwice(TLSStep(), try C.make(), C.context())
        let node = try #require(C.node(tree, Self.kernelcap))
        #expect(node.permissions == 0o444 && node.uid == 0 && node.gid == 0)
        let lines = try #require(try C.text(tree, Self.kernelcap)).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines == ["hwcap 0 nosegneg"])
        #expect(TLSStep.packageVersion("2.6.9-67.0.1.ELxenU") == "2.6.9-67.0.1.EL")
        #expect(TLSStep.packageVersion("2.6.18-xen") == "2.6.18-")
        #expect(TLSStep.packageVersion("2.6.9-55.EL") == "2.6.9-55.EL")
    }

    @Test func keepAndRpmsMoveNothingButStillWriteKernelcap() throws {
        for mode in [AlignSettings.TLSMode.keep, .rpms(["glibc-2.3.4-2.36.xen.i686.rpm"])] {
            var s = AlignSettings()
            s.tls = mode
            let native = try C.make()
            let (tree, changes) = try C.runTwice(TLSStep(), native, C.context(s))
            #expect(C.differences(native, tree) == ["/etc", "/etc/ld.so.conf.d", Self.kernelcap])
            #expect(C.node(tree, Self.kernelcap) != nil)
            #expect(changes.contains { $0.action == .note && $0.detail.contains("/lib/tls kept") })
        }
    }

    @Test func x86_64NeedsNothing() throws {
        let native = try C.make()
        let (tree, changes) = try C.runTwice(TLSStep(), native, C.context(architecture: .x86_64))
        #expect(C.differences(native, tree) == [])
        #expect(changes.map(\.detail) == ["not needed on x86_64: the /lib/tls problem is one of 32-bit guests"])
    }

    @Test func newLibrariesInLibTlsReplaceAnOlderDisabledCopy() throws {
        let (once, _) = try TLSStep().run(on: try C.make(), context: C.context())
        var t = once
        try t.insert(C.file("ELF libc update"), at: GuestPath("/lib/tls/libc-2.3.4.so"))
        let (tree, _) = try C.runTwice(TLSStep(), t, C.context())
        #expect(try C.text(tree, "/lib/tls.disabled/libc-2.3.4.so") == "ELF libc update")
        #expect(C.node(tree, "/lib/tls")?.entries?.isEmpty == true)
    }

    @Test func noKernelOrAFileInTheWayAreErrors() throws {
        #expect(throws: TLSStep.Error.noKernel) { try TLSStep().run(on: try C.make(), context: C.context(kernel: nil)) }
        var t = try C.make()
        try t.remove(GuestPath("/lib/tls"))
        try t.insert(C.file("x"), at: GuestPath("/lib/tls"))
        #expect(throws: TLSStep.Error.notADirectory("/lib/tls")) { try TLSStep().run(on: t, context: C.context()) }
    }
}
