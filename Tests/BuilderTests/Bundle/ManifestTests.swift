import Foundation
import Testing

@testable import Builder

@Suite struct ManifestTests {
    /// A tarball source: the manifest hashes it (as sha256sum does), names it as the recipe does,
    /// and records the recipe's hash, builder's version and SOURCE_DATE_EPOCH.
    @Test func theManifestListsEveryFileAndHashesTheInputs() throws {
        let dir = try CLIHarness.scratch("manifest-tarball")
        defer { CLIHarness.remove(dir) }
        let tar = try CLIHarness.run("tar", ["-C", BundleTestRecipe.sampleTree, "-cf", dir + "/src.tar", "."])
        try #require(tar.status == 0, "\(tar.stderr)")
        let recipe = try BundleTestRecipe.write(in: dir, source: #"{"tarball": "src.tar", "owner": "0:0"}"#)
        let r = try CLIHarness.builder(
            ["bake", "r.json"], cwd: dir, environment: GuestFolderOracle.environment(["SOURCE_DATE_EPOCH": "1234567890"]))
        try #require(r.status == 0, "\(r.stderr)")
        let guest = dir + "/out/g"
        #expect(CLIHarness.listing(guest) == ["manifest.json", "report.txt", "sda1.img", "sda2.img"])

        let manifest = try GuestFolderOracle.checkManifest(guest)
        #expect(manifest["guest"] as? String == "g")
        #expect(manifest["sourceDateEpoch"] as? Int == 1_234_567_890)
        let version = try CLIHarness.builder(["--version"])
        #expect((manifest["builder"] as? [String: Any])?["version"] as? String == version.out.trimmingCharacters(in: .whitespacesAndNewlines))
        let recipeEntry = manifest["recipe"] as? [String: Any]
        #expect(recipeEntry?["file"] as? String == "r.json")
        #expect(recipeEntry?["sha256"] as? String == (try GuestFolderOracle.sha256sum(recipe)))

        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        try #require(inputs.count == 1, "\(inputs)")
        #expect(inputs[0]["role"] as? String == "source.tarball")
        #expect(inputs[0]["path"] as? String == "src.tar", "the path as the recipe names it, not the host's")
        #expect(inputs[0]["kind"] as? String == "file" && inputs[0]["hashed"] as? Bool == true)
        #expect(inputs[0]["sha256"] as? String == (try GuestFolderOracle.sha256sum(dir + "/src.tar")))

        let root = try #require(GuestFolderOracle.artifact(manifest, "sda1.img"))
        #expect(root["type"] as? String == "image" && root["device"] as? String == "sda1")
        #expect(root["contents"] as? String == "filesystem" && root["filesystem"] as? String == "ext3" && root["mount"] as? String == "/")
        let swap = try #require(GuestFolderOracle.artifact(manifest, "sda2.img"))
        #expect(swap["contents"] as? String == "swap" && swap["size"] as? Int == 64 << 20)
        #expect(GuestFolderOracle.artifact(manifest, "report.txt")?["type"] as? String == "report")
        try GuestFolderOracle.expectPrivate(guest)

        // The check can fail: one changed byte in an artifact (same size) is caught.
        var report = try Data(contentsOf: URL(fileURLWithPath: guest + "/report.txt"))
        report[0] ^= 0x20
        try report.write(to: URL(fileURLWithPath: guest + "/report.txt"))
        let sums = try HostTools.python("guest_manifest.py", [guest])
        try #require(sums.ok, "\(sums.output)")
        try sums.output.write(toFile: dir + "/sums", atomically: false, encoding: .utf8)
        let check = try CLIHarness.run("sha256sum", ["-c", "--strict", dir + "/sums"], cwd: guest)
        #expect(check.status != 0 && check.out.contains("report.txt: FAILED"), "\(check.out)")
    }

    /// A folder source is named, not hashed, and the manifest says so.
    @Test func aFolderSourceIsRecordedUnhashed() throws {
        let dir = try CLIHarness.scratch("manifest-folder")
        defer { CLIHarness.remove(dir) }
        try BundleTestRecipe.write(in: dir)
        let r = try CLIHarness.builder(["bake", "r.json"], cwd: dir)
        try #require(r.status == 0, "\(r.stderr)")
        let manifest = try GuestFolderOracle.checkManifest(dir + "/out/g")
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        #expect(inputs.count == 1 && inputs[0]["role"] as? String == "source.tree", "\(inputs)")
        #expect(inputs[0]["kind"] as? String == "folder" && inputs[0]["hashed"] as? Bool == false)
        #expect(inputs[0]["sha256"] == nil && inputs[0]["path"] as? String == BundleTestRecipe.sampleTree)
        #expect(manifest["sourceDateEpoch"] as? Int == Int(Timestamp.defaultEpoch), "no SOURCE_DATE_EPOCH: builder's fixed time")
    }

    /// Strings with quotes, backslashes, control characters and non-ASCII survive Python's parser.
    @Test func manifestStringsAreValidJSONForPython() throws {
        let text = "a\"b\\c\n\t\u{01}\u{1F}é→/"
        let json = ManifestJSON.render(ManifestJSON.object(["k": .string(text), "n": .number("3")]))
        let r = try CLIHarness.run(
            "/usr/bin/python3",
            ["-c", "import json,sys; v = json.loads(sys.argv[1]); print(v['k'] == sys.argv[2] and v['n'] == 3)", json, text])
        #expect(r.out == "True\n", "\(json)\n\(r.out)\(r.stderr)")
        #expect(json == "{\n  \"k\": \"a\\\"b\\\\c\\n\\t\\u0001\\u001fé→/\",\n  \"n\": 3\n}")
    }

    /// Keys come out in byte order whatever order they were given in.
    @Test func objectKeysAreSorted() {
        let json = ManifestJSON.render(ManifestJSON.object(["b": .null, "a": .bool(true), "B": .array([])]))
        #expect(json == "{\n  \"B\": [],\n  \"a\": true,\n  \"b\": null\n}")
    }
}
