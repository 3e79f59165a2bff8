import Foundation
import Testing

/// The built `builder` binary, run as a user would: exit codes 0 ok, 1 failed, 2 usage or recipe
/// error, and errors on stderr as `builder: error: ...`.
@Suite struct CLIExitCodeTests {
    @Test func versionAndHelpExitZero() throws {
        let v = try CLIHarness.builder(["--version"])
        #expect(v.status == 0)
        #expect(v.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(v.out)")
        let h = try CLIHarness.builder(["--help"])
        #expect(h.status == 0)
        #expect(h.out.contains("bake") && h.out.contains("check") && h.out.contains("inspect"), "\(h.out)")
    }

    @Test(arguments: [["frobnicate"], ["bake"], ["check"], ["inspect"], ["bake", "--out"], ["check", "a.json", "--jobs", "3"]])
    func usageErrorsExitTwo(args: [String]) throws {
        let r = try CLIHarness.builder(args)
        #expect(r.status == 2, "builder \(args): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix("builder: error: "), "\(r.stderr)")
    }

    @Test func aRecipeWithAnUnknownKeyExitsTwoAndNamesIt() throws {
        let dir = try CLIHarness.scratch("cli-badrecipe")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("x", to: dir + "/tree/f")
        try CLIHarness.write(#"{"name": "web", "source": {"tree": "tree"}, "disks": [{"device": "sda1", "mount": "/", "szie": "1G"}]}"#, to: dir + "/r.json")
        for command in ["bake", "check"] {
            let r = try CLIHarness.builder([command, "r.json"], cwd: dir)
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("builder: error: r.json: disks[0].szie: unknown key \"szie\""), "\(r.stderr)")
            #expect(r.stderr.contains("did you mean \"size\""), "\(r.stderr)")
        }
        #expect(CLIHarness.listing(dir) == ["r.json", "tree"], "nothing was written")
    }

    @Test func checkPrintsThePlanAndWritesNothing() throws {
        let dir = try CLIHarness.scratch("cli-check")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("x", to: dir + "/tree/f")
        try CLIHarness.write(
            #"{"name": "web", "source": {"tree": "tree"}, "disks": [{"device": "sda1", "mount": "/", "size": "2G"}, {"device": "sda2", "swap": true, "size": "256M"}]}"#,
            to: dir + "/r.json")
        let r = try CLIHarness.builder(["check", "r.json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.contains("sda1.img: ext3 for /, 2 GiB"), "\(r.out)")
        #expect(r.out.contains("sda2.img: swap, 256 MiB"), "\(r.out)")
        #expect(r.out.contains("output: out/web/"), "\(r.out)")
        #expect(CLIHarness.listing(dir) == ["r.json", "tree"])

        try FileManager.default.removeItem(atPath: dir + "/tree")
        let missing = try CLIHarness.builder(["check", "r.json"], cwd: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("source.tree: the folder 'tree' does not exist"), "\(missing.stderr)")
    }

    /// A bake that fails (a tree that cannot fit 1 MiB; until the writer and the directory source
    /// are merged, their placeholders fail) exits 1 and leaves the output folder empty.
    @Test func aFailedBakeExitsOneAndLeavesNothing() throws {
        let dir = try CLIHarness.scratch("cli-bakefail")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write(String(repeating: "builder ", count: 512 * 1024), to: dir + "/tree/big")
        try CLIHarness.write(
            #"{"name": "web", "source": {"tree": "tree"}, "disks": [{"device": "sda2", "swap": true, "size": "1M"}, {"device": "sda1", "mount": "/", "size": "1M"}], "output": {"dir": "out"}}"#,
            to: dir + "/r.json")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        let r = try CLIHarness.builder(["bake", "r.json"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("builder: error: web: r.json: "), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == [], "the output folder is left empty")
    }

    @Test func inspectFailuresExitOne() throws {
        let dir = try CLIHarness.scratch("cli-inspect")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("x", to: dir + "/src/etc/motd")
        let mk = try CLIHarness.run("mke2fs", ["-q", "-F", "-t", "ext3", "-I", "128", "-d", dir + "/src", dir + "/fs.img", "4M"])
        try #require(mk.status == 0, "\(mk.stderr)")
        let list = try CLIHarness.builder(["inspect", dir + "/fs.img"])
        #expect(list.status == 0)
        #expect(list.out.contains(" etc\n") && list.out.contains(" lost+found\n"), "\(list.out)")
        let cat = try CLIHarness.builder(["inspect", dir + "/fs.img", "/etc/motd"])
        #expect(cat.status == 0 && cat.out == "x", "\(cat.out)")
        let missing = try CLIHarness.builder(["inspect", dir + "/fs.img", "/etc/nope"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("builder: error: '/etc/nope' does not exist"), "\(missing.stderr)")
        let notImage = try CLIHarness.builder(["inspect", dir + "/src/etc/motd"])
        #expect(notImage.status == 1 && notImage.stderr.contains("not an ext2/ext3 image"), "\(notImage.stderr)")
    }
}
