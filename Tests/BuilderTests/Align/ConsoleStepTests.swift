import Testing

@testable import Builder

@Suite struct ConsoleStepTests {
    typealias C = StockCentOS4

    static func gettyLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter {
            !$0.hasPrefix("#") && $0.contains(":respawn:") && $0.contains("getty")
        }
    }

    @Test func xvc0GetsKudzusAgettyLineBeforeTheTtysAndInSecuretty() throws {
        let (tree, changes) = try C.runTwice(ConsoleStep(), try C.make(), C.context())
        let inittab = try #require(try C.text(tree, "/etc/inittab"))
        #expect(
            Self.gettyLines(inittab) == ["co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav"]
                + (1...6).map { "\($0):2345:respawn:/sbin/mingetty tty\($0)" })
        // Everything else is the stock file, unchanged.
        let rest = inittab.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("co:") }
            .joined(separator: "\n")
        #expect(rest == C.inittab)
        let securetty = try #require(try C.text(tree, "/etc/securetty"))
        #expect(securetty == C.securetty + "xvc0\n")
        #expect(C.node(tree, "/etc/securetty")?.permissions == 0o600, "securetty keeps its mode")
        #expect(
            changes.filter { $0.action == .changed }.compactMap(\.path?.description) == [
                "/etc/inittab", "/etc/securetty",
            ])
    }

    @Test func consoleUsesTheHowTosMingettyLine() throws {
        var s = AlignSettings()
        s.console = "console"
        let (tree, _) = try C.runTwice(ConsoleStep(), try C.make(), C.context(s))
        let inittab = try #require(try C.text(tree, "/etc/inittab"))
        #expect(
            inittab.contains(
                "# Run gettys in standard runlevels\n0:2345:respawn:/sbin/mingetty --noclear console\n1:2345:respawn:/sbin/mingetty tty1\n"
            ))
        // `console` is already in the stock securetty.
        #expect(try C.text(tree, "/etc/securetty") == C.securetty)
    }

    @Test func theKernelsConsoleIsUsedWhenTheRecipeGivesNone() throws {
        var k = C.kernel
        k.console = "hvc0"
        let (tree, _) = try C.runTwice(ConsoleStep(), try C.make(), C.context(kernel: k))
        let inittab = try #require(try C.text(tree, "/etc/inittab"))
        #expect(inittab.contains("co:2345:respawn:/sbin/agetty hvc0 9600 vt100-nav\n"))
        #expect(try C.text(tree, "/etc/securetty")?.hasSuffix("tty11\nhvc0\n") == true)
    }

    @Test func kudzusSerialConsoleLineIsReplaced() throws {
        let native = C.inittab.replacingAll(
            "# Run xdm", with: "co:2345:respawn:/sbin/agetty ttyS0 9600 vt100-nav\n# Run xdm")
        let t = try C.make().replacingFile("/etc/inittab", native)
        let (tree, changes) = try C.runTwice(ConsoleStep(), t, C.context())
        let inittab = try #require(try C.text(tree, "/etc/inittab"))
        #expect(!inittab.contains("ttyS0"))
        #expect(
            Self.gettyLines(inittab).filter { $0.hasPrefix("co:") } == [
                "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav"
            ])
        #expect(
            changes.contains {
                $0.action == .note && $0.detail.contains("replaced `co:2345:respawn:/sbin/agetty ttyS0")
            })
    }

    @Test func aGettyTheUserAlreadyPutOnTheConsoleIsLeft() throws {
        let native = C.inittab.replacingAll("# Run xdm", with: "x0:2345:respawn:/sbin/agetty -L xvc0 38400\n# Run xdm")
        let t = try C.make().replacingFile("/etc/inittab", native)
        let (tree, _) = try C.runTwice(ConsoleStep(), t, C.context())
        #expect(try C.text(tree, "/etc/inittab") == native)
    }

    @Test func noInittabIsAnErrorAndAMissingSecurettyANote() throws {
        var t = try C.make()
        try t.remove(GuestPath("/etc/securetty"))
        let (_, changes) = try ConsoleStep().run(on: t, context: C.context())
        #expect(changes.contains { $0.action == .note && $0.detail.contains("no /etc/securetty") })
        try t.remove(GuestPath("/etc/inittab"))
        #expect(throws: ConsoleStep.Error.noInittab) { try ConsoleStep().run(on: t, context: C.context()) }
        var s = AlignSettings()
        s.console = "../tty"
        #expect(throws: ConsoleStep.Error.invalidConsole("../tty")) {
            try ConsoleStep().run(on: try C.make(), context: C.context(s))
        }
    }
}
