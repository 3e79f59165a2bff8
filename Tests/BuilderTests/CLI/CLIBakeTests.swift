import Foundation
import Testing

/// Whole bakes through the binary. These need the ext writer and the directory source: they fail
/// on the `cli` branch alone and pass once the branches are merged.
@Suite struct CLIBakeTests {
    static var defaultRecipe: String { CLIHarness.packageRoot + "/recipes/plain.json" }

    @Test func thePlainRecipeBakesAnImageE2fsckAccepts() throws {
        let out = try CLIHarness.scratch("cli-default")
        defer { CLIHarness.remove(out) }
        let r = try CLIHarness.builder(["bake", Self.defaultRecipe, "--out", out])
        try #require(r.status == 0, "\(r.stderr)")
        #expect(CLIHarness.listing(out) == ["sample"])
        #expect(CLIHarness.listing(out + "/sample") == ["manifest.json", "report.txt", "sda1.img", "sda2.img"])
        let fsck = try CLIHarness.run("e2fsck", ["-fn", out + "/sample/sda1.img"])
        #expect(fsck.status == 0, "\(fsck.out)\(fsck.stderr)")
        let swap = try CLIHarness.run("blkid", ["-p", "-o", "export", out + "/sample/sda2.img"])
        #expect(swap.out.contains("TYPE=swap"), "\(swap.out)")
        let hostname = try CLIHarness.builder(["inspect", out + "/sample/sda1.img", "/etc/hostname"])
        #expect(hostname.status == 0 && hostname.out == "builder-sample\n", "\(hostname.out)\(hostname.stderr)")
        let etc = try CLIHarness.builder(["inspect", out + "/sample/sda1.img", "/etc"])
        #expect(etc.out.contains(" 0 0 ") && etc.out.contains("mtab -> ../proc/self/mounts"), "\(etc.out)")
    }

    @Test func twoBakesGiveIdenticalImages() throws {
        let a = try CLIHarness.scratch("cli-twice-a")
        let b = try CLIHarness.scratch("cli-twice-b")
        defer {
            CLIHarness.remove(a)
            CLIHarness.remove(b)
        }
        for out in [a, b] {
            let r = try CLIHarness.builder(["bake", Self.defaultRecipe, "--out", out])
            try #require(r.status == 0, "\(r.stderr)")
        }
        for file in ["sda1.img", "sda2.img", "report.txt", "manifest.json"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/sample/" + file))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/sample/" + file))
            #expect(x == y, "\(file) differs between two bakes")
        }
    }

    @Test func aTreeThatDoesNotFitSaysHowMuchItNeeds() throws {
        let dir = try CLIHarness.scratch("cli-nofit")
        defer { CLIHarness.remove(dir) }
        // 12 MiB of files for an 8 MiB disk (8 MiB: the smallest ext3 with 4 KiB blocks has 2048).
        try CLIHarness.write(String(repeating: "builder ", count: 12 * 128 * 1024), to: dir + "/tree/big")
        try CLIHarness.write(
            #"{"name": "web", "source": {"tree": "tree", "owner": "0:0"}, "disks": [{"device": "sda1", "mount": "/", "size": "8M"}]}"#,
            to: dir + "/r.json")
        let r = try CLIHarness.builder(["bake", "r.json"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("they need at least"), "\(r.stderr)")
        #expect(r.stderr.contains("the disk has 8 MiB"), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == [], "nothing is left in the output folder")
    }

    /// A recipe in recipes/ writing to "../out": builder prints `out/NAME`, the folder as the user
    /// would name it, not `recipes/../out/NAME`.
    @Test func theOutputFolderIsPrintedNormalised() throws {
        let dir = try CLIHarness.scratch("cli-normalised")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("hello\n", to: dir + "/recipes/tree/etc/motd")
        try CLIHarness.write(
            #"{"name": "web", "source": {"tree": "tree", "owner": "0:0"}, "disks": [{"device": "sda1", "mount": "/", "size": "8M"}], "output": {"dir": "../out"}}"#,
            to: dir + "/recipes/r.json")
        let r = try CLIHarness.builder(["bake", "--plain", "recipes/r.json"], cwd: dir)
        try #require(r.status == 0, "\(r.stderr)")
        #expect(r.out == "out/web\n", "\(r.out)")
        #expect(!r.stderr.contains("recipes/../"), "\(r.stderr)")
        #expect(r.stderr.contains("out/web"), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == ["web"])
    }
}
