import Testing

@testable import Builder

@Suite struct SELinuxStepTests {
    typealias C = StockCentOS4

    static func settings(_ mode: AlignSettings.SELinuxMode?) -> AlignSettings {
        var s = AlignSettings()
        s.selinux = mode
        return s
    }

    @Test func enforcingGuestsRelabelByDefault() throws {
        let (tree, changes) = try C.runTwice(SELinuxStep(), try C.make(), C.context())
        let node = try #require(C.node(tree, "/.autorelabel"))
        #expect(node.kind == .regular(.bytes([])) && node.permissions == 0o644 && node.uid == 0)
        #expect(node.mtime == C.buildTime)
        #expect(changes.map(\.reportLine) == ["selinux: added /.autorelabel (relabel at first boot)"])
        #expect(try C.text(tree, "/etc/selinux/config") == C.selinuxConfig)
    }

    @Test func disableWritesSELINUXDisabledAndKeepsTheRest() throws {
        let (tree, _) = try C.runTwice(SELinuxStep(), try C.make(), C.context(Self.settings(.disable)))
        let text = try #require(try C.text(tree, "/etc/selinux/config"))
        #expect(text == C.selinuxConfig.replacingAll("SELINUX=enforcing", with: "SELINUX=disabled"))
        #expect(C.node(tree, "/.autorelabel") == nil)
        let vars = try NetworkStepTests.sourced(text, ["SELINUX", "SELINUXTYPE"])
        #expect(vars == ["SELINUX": "disabled", "SELINUXTYPE": "targeted"])
    }

    @Test func keepChangesNothing() throws {
        let native = try C.make()
        let (tree, changes) = try C.runTwice(SELinuxStep(), native, C.context(Self.settings(.keep)))
        #expect(C.differences(native, tree) == [])
        #expect(changes.allSatisfy { $0.action == .note } && changes.count == 1)
    }

    @Test func permissiveCountsAsOn() throws {
        let t = try C.make().replacingFile(
            "/etc/selinux/config", C.selinuxConfig.replacingAll("=enforcing", with: "=permissive"))
        let (tree, _) = try C.runTwice(SELinuxStep(), t, C.context())
        #expect(C.node(tree, "/.autorelabel") != nil)
    }

    @Test func disabledOrAbsentSELinuxNeedsNothing() throws {
        let off = try C.make().replacingFile(
            "/etc/selinux/config", C.selinuxConfig.replacingAll("=enforcing", with: "=disabled"))
        var absent = try C.make()
        try absent.remove(GuestPath("/etc/selinux/config"))
        for t in [off, absent] {
            for mode in [nil, AlignSettings.SELinuxMode.relabel, .disable] {
                let (tree, changes) = try C.runTwice(SELinuxStep(), t, C.context(Self.settings(mode)))
                #expect(C.differences(t, tree) == [])
                #expect(changes.count == 1 && changes[0].action == .note, "\(changes.map(\.reportLine))")
            }
        }
    }
}
