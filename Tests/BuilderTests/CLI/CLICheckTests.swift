import Foundation
import Testing

/// `builder check` validates and plans without writing: nothing appears under the output folder
/// (nor is left in the temporary folder it spools to), and a wrong recipe exits 2 naming the JSON
/// path, the value found and the values allowed.
@Suite struct CLICheckTests {
    /// Every path under `dir` with its size, sorted ("" when `dir` does not exist).
    static func snapshot(_ dir: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return [] }
        var entries: [String] = []
        while let path = walker.nextObject() as? String {
            let size = (try? FileManager.default.attributesOfItem(atPath: dir + "/" + path)[.size] as? Int) ?? -1
            entries.append("\(path) \(size)")
        }
        return entries.sorted()
    }

    @Test func checkingTheDefaultRecipeWritesNothing() throws {
        let scratch = try CLIHarness.scratch("cli-check-default")
        defer { CLIHarness.remove(scratch) }
        let recipe = CLIHarness.packageRoot + "/recipes/default.json"
        try FileManager.default.createDirectory(atPath: scratch + "/tmp", withIntermediateDirectories: true)
        var environment = HostTools.environment
        environment["TMPDIR"] = scratch + "/tmp"

        let r = try CLIHarness.builder(["check", recipe, "--out", scratch + "/out"], environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.contains("sda1.img: ext3 for /") && r.out.contains("plan (profile centos4):"), "\(r.out)")
        #expect(
            !FileManager.default.fileExists(atPath: scratch + "/out"),
            "check made the output folder: \(Self.snapshot(scratch))")
        #expect(Self.snapshot(scratch + "/tmp") == [], "check left its spool behind")

        // Without --out: the recipe's own output folder (out/ beside recipes/) is left as it was.
        let own = CLIHarness.packageRoot + "/out"
        let before = Self.snapshot(own)
        let existed = FileManager.default.fileExists(atPath: own)
        let again = try CLIHarness.builder(["check", recipe], environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(FileManager.default.fileExists(atPath: own) == existed && Self.snapshot(own) == before)
        #expect(Self.snapshot(scratch + "/tmp") == [])
    }

    @Test func aWrongRecipeExitsTwoNamingPathFoundAndAllowed() throws {
        let dir = try CLIHarness.scratch("cli-check-wrong")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("x", to: dir + "/tree/f")
        try CLIHarness.write(
            #"{"name": "web", "source": {"tree": "tree"}, "disks": [{"device": "sda1", "mount": "/", "fs": "ext4", "blockSize": 512}], "selinux": "off"}"#,
            to: dir + "/r.json")
        let r = try CLIHarness.builder(["check", "r.json"], cwd: dir)
        #expect(r.status == 2, "\(r.stderr)")
        for line in [
            #"builder: error: r.json: disks[0].fs: found "ext4"; allowed: "ext3" (with a journal) or "ext2""#,
            "builder: error: r.json: disks[0].blockSize: found 512; allowed: 1024, 2048 or 4096",
            #"builder: error: r.json: selinux: found "off"; allowed: "relabel", "keep", "disable""#,
        ] {
            #expect(r.stderr.contains(line), "\(line) in \(r.stderr)")
        }
        #expect(r.stdout.isEmpty, "no plan for a wrong recipe: \(r.out)")
        #expect(CLIHarness.listing(dir) == ["r.json", "tree"], "nothing was written")
    }
}
