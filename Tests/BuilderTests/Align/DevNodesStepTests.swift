import Testing

@testable import Builder

@Suite struct DevNodesStepTests {
    typealias C = StockCentOS4

    static func device(_ t: Tree, _ name: String) -> (UInt32, UInt32, UInt16)? {
        guard let n = C.node(t, "/dev/\(name)"), case .characterDevice(let d) = n.kind else { return nil }
        return (d.major, d.minor, n.permissions)
    }

    @Test func anEmptyDevGetsConsoleNullZeroAndXvc0() throws {
        let (tree, changes) = try C.runTwice(DevNodesStep(), try C.make(), C.context())
        #expect(Self.device(tree, "console")! == (5, 1, 0o600))
        #expect(Self.device(tree, "null")! == (1, 3, 0o666))
        #expect(Self.device(tree, "zero")! == (1, 5, 0o666))
        #expect(Self.device(tree, "xvc0")! == (204, 191, 0o600))
        #expect(changes.filter { $0.action == .added }.count == 4)
        #expect(C.node(tree, "/dev/xvc0")?.uid == 0)
    }

    @Test func hvc0AndTheHowTosConsole() throws {
        var k = C.kernel
        k.console = "hvc0"
        let (hvc, _) = try C.runTwice(DevNodesStep(), try C.make(), C.context(kernel: k))
        #expect(Self.device(hvc, "hvc0")! == (229, 0, 0o600))
        var s = AlignSettings()
        s.console = "console"
        let (console, _) = try C.runTwice(DevNodesStep(), try C.make(), C.context(s))
        #expect(
            (C.node(console, "/dev")?.entries ?? [:]).keys.map(\.description).sorted() == ["console", "null", "zero"])
    }

    @Test func correctNodesAreLeftAsTheyAreAndWrongOnesReplaced() throws {
        var t = try C.make()
        try t.insert(
            Node(kind: .characterDevice(DeviceNumber(major: 5, minor: 1)), permissions: 0o622, uid: 0, mtime: C.t0),
            at: GuestPath("/dev/console"))
        try t.insert(C.file("not a device"), at: GuestPath("/dev/null"))
        let before = C.node(t, "/dev/console")
        let (tree, changes) = try C.runTwice(DevNodesStep(), t, C.context())
        #expect(C.node(tree, "/dev/console") == before)
        #expect(Self.device(tree, "null")! == (1, 3, 0o666))
        #expect(changes.contains { $0.action == .changed && $0.path?.description == "/dev/null" })
        #expect(changes.contains { $0.action == .note && $0.detail.contains("/dev/console") })
    }

    @Test func anUnknownConsoleIsANote() throws {
        var s = AlignSettings()
        s.console = "foo0"
        let (tree, changes) = try C.runTwice(DevNodesStep(), try C.make(), C.context(s))
        #expect(C.node(tree, "/dev/foo0") == nil)
        #expect(changes.contains { $0.action == .note && $0.detail.contains("foo0") })
        #expect(DevNodesStep.consoleDevice("ttyS1") == .init(name: "ttyS1", major: 4, minor: 65, permissions: 0o600))
    }
}
