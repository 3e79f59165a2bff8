import Testing

@testable import Builder

/// The helpers the steps share: shell-variable files and guest path resolution.
@Suite struct AlignStepSupportTests {
    typealias C = StockCentOS4

    @Test func shellAssignmentsEditOnlyWhatTheyName() throws {
        var f = ShellAssignments(text: "# comment\nA=1\nB=\"two words\"\nexport C='x'\nA=3\nunrelated line\n")
        #expect(f.value("A") == "3")
        #expect(f.value("B") == "two words")
        #expect(f.value("C") == "x")
        try f.set("A", "4")
        try f.set("D", "has space")
        f.remove("C")
        #expect(f.text == "# comment\nA=4\nB=\"two words\"\nunrelated line\nD=\"has space\"\n")
        let vars = try NetworkStepTests.sourced(f.text, ["A", "B", "D"])
        #expect(vars == ["A": "4", "B": "two words", "D": "has space"])
        #expect(ShellAssignments.quoted("a$b\"c") == "\"a\\$b\\\"c\"")
        #expect(ShellAssignments(text: "X=1").text == "X=1", "a missing last newline stays missing")
    }

    @Test func realPathFollowsTheGuestsDirectoryLinksInsideTheTree() throws {
        var t = try C.make()
        try t.insert(C.link("/etc/rc.d/../sysconfig"), at: GuestPath("/cfg"))
        try t.insert(C.link("../../.."), at: GuestPath("/etc/rc.d/up"))
        let e = TreeEditor(tree: t, step: "test", time: C.buildTime)
        #expect(e.realPath("/etc/init.d/foo")?.description == "/etc/rc.d/init.d/foo")
        #expect(e.realPath("/etc/init.d")?.description == "/etc/init.d", "the last component is not followed")
        #expect(
            e.realPath("/cfg/network-scripts/ifcfg-eth9")?.description == "/etc/sysconfig/network-scripts/ifcfg-eth9")
        #expect(e.realPath("/etc/rc.d/up/x")?.description == "/x", "links never climb above the root")
        #expect(e.realPath("/new/dir/file")?.description == "/new/dir/file")
        try t.insert(C.link("loop"), at: GuestPath("/loop"))
        #expect(TreeEditor(tree: t, step: "test", time: C.buildTime).realPath("/loop/x") == nil)
    }
}
