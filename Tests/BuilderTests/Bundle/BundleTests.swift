import Foundation
import Testing

@testable import Builder

/// `output.bundle` through the binary, checked with GNU tar, bsdtar and sha256sum.
@Suite struct BundleTests {
    static let epoch = GuestFolderOracle.environment(["SOURCE_DATE_EPOCH": "1234567890", "TZ": "UTC"])

    static func bake(_ dir: String, _ format: String) throws -> String {
        try BundleTestRecipe.write(in: dir, output: #""bundle": "\#(format)""#)
        let r = try CLIHarness.builder(["bake", "r.json"], cwd: dir, environment: epoch)
        try #require(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("writing the bundle (g.\(format))"), "\(r.stderr)")
        return dir + "/out/g"
    }

    /// The members, as `tar -tvf` lists them: private files owned by 0/0 at SOURCE_DATE_EPOCH, in
    /// byte order under `g/`, with their real sizes (the images' holes are not counted out).
    @Test func aGzipBundleListsPrivateRootOwnedMembersAtTheEpoch() throws {
        let dir = try CLIHarness.scratch("bundle-gz")
        defer { CLIHarness.remove(dir) }
        let guest = try Self.bake(dir, "tar.gz")
        #expect(CLIHarness.listing(guest) == ["g.tar.gz", "g.tar.gz.sha256", "manifest.json", "report.txt", "sda1.img", "sda2.img"])
        try GuestFolderOracle.expectPrivate(guest)
        try GuestFolderOracle.checkManifest(guest)
        let sum = try CLIHarness.run("sha256sum", ["-c", "--strict", "g.tar.gz.sha256"], cwd: guest)
        #expect(sum.status == 0 && sum.out == "g.tar.gz: OK\n", "\(sum.out)\(sum.stderr)")

        let gnu = try CLIHarness.run("tar", ["-tvf", guest + "/g.tar.gz"], environment: Self.epoch)
        try #require(gnu.status == 0, "\(gnu.stderr)")
        let rows = gnu.out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.map { $0.last ?? "" } == ["g/", "g/manifest.json", "g/report.txt", "g/sda1.img", "g/sda2.img"], "\(gnu.out)")
        for row in rows {
            try #require(row.count == 6, "\(row)")
            #expect(row[0] == (row[5] == "g/" ? "drwx------" : "-rw-------") && row[1] == "0/0", "\(row)")
            #expect(row[3] == "2009-02-13" && row[4] == "23:31", "\(row)")
            if row[5] != "g/" {
                let size = try FileManager.default.attributesOfItem(atPath: guest + "/" + row[5].dropFirst(2))[.size] as? Int
                #expect(Int(row[2]) == size, "\(row)")
            }
        }

        let bsd = try CLIHarness.run("bsdtar", ["-tvf", guest + "/g.tar.gz"], environment: Self.epoch)
        try #require(bsd.status == 0, "\(bsd.stderr)")
        let bsdRows = bsd.out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(bsdRows.map { $0.last ?? "" } == ["g/", "g/manifest.json", "g/report.txt", "g/sda1.img", "g/sda2.img"], "\(bsd.out)")
        for row in bsdRows {
            // mode, links, owner, group, size, month, day, year, name: numeric owner 0 0 (no names).
            try #require(row.count == 9, "\(row)")
            #expect(row[0] == (row[8] == "g/" ? "drwx------" : "-rw-------") && row[2] == "0" && row[3] == "0", "\(row)")
            #expect(row[5...7] == ["Feb", "13", "2009"], "\(row)")
        }
    }

    /// GNU tar extracts every file byte for byte, and the swap image comes back sparse.
    @Test func gnuTarExtractsTheFolderWithTheImagesSparse() throws {
        let dir = try CLIHarness.scratch("bundle-extract")
        defer { CLIHarness.remove(dir) }
        let guest = try Self.bake(dir, "tar.gz")
        try FileManager.default.createDirectory(atPath: dir + "/x", withIntermediateDirectories: true)
        let x = try CLIHarness.run("tar", ["-xSf", guest + "/g.tar.gz", "-C", dir + "/x"])
        try #require(x.status == 0, "\(x.stderr)")
        #expect(CLIHarness.listing(dir + "/x/g") == ["manifest.json", "report.txt", "sda1.img", "sda2.img"])
        try Self.expectSameFiles(dir + "/x/g", guest)
        let du = try CLIHarness.run("du", ["--block-size=1", dir + "/x/g/sda2.img", guest + "/sda2.img"])
        let used = du.out.split(separator: "\n").compactMap { $0.split(separator: "\t").first.flatMap { Int($0) } }
        try #require(used.count == 2, "\(du.out)")
        #expect(used[0] < 1 << 20 && used[0] <= used[1] + 4096, "the 64 MiB swap image extracted to \(used[0]) bytes on disk: \(du.out)")
    }

    /// Two bakes of one recipe give byte-identical bundles; bsdtar extracts the xz one.
    @Test func twoBakesGiveTheSameXzBundle() throws {
        let a = try CLIHarness.scratch("bundle-xz-a")
        let b = try CLIHarness.scratch("bundle-xz-b")
        defer {
            CLIHarness.remove(a)
            CLIHarness.remove(b)
        }
        let first = try Self.bake(a, "tar.xz")
        let second = try Self.bake(b, "tar.xz")
        let x = try Data(contentsOf: URL(fileURLWithPath: first + "/g.tar.xz"))
        let y = try Data(contentsOf: URL(fileURLWithPath: second + "/g.tar.xz"))
        #expect(x == y, "two bakes gave different bundles")
        #expect(try String(contentsOfFile: first + "/g.tar.xz.sha256", encoding: .utf8) == (try String(contentsOfFile: second + "/g.tar.xz.sha256", encoding: .utf8)))
        let check = try CLIHarness.run("xz", ["-t", first + "/g.tar.xz"])
        #expect(check.status == 0 && check.stderr.isEmpty, "\(check.stderr)")
        try Self.expectBsdtarExtracts(first, "g.tar.xz", scratch: a)
    }

    /// zstd refuses trailing padding, so this also proves the stream ends where zstd says.
    @Test func aZstdBundleExtractsWithBothTars() throws {
        let dir = try CLIHarness.scratch("bundle-zst")
        defer { CLIHarness.remove(dir) }
        let guest = try Self.bake(dir, "tar.zst")
        let sum = try CLIHarness.run("sha256sum", ["-c", "--strict", "g.tar.zst.sha256"], cwd: guest)
        #expect(sum.status == 0, "\(sum.out)\(sum.stderr)")
        let check = try CLIHarness.run("zstd", ["-t", "-q", guest + "/g.tar.zst"])
        #expect(check.status == 0, "\(check.stderr)")
        try FileManager.default.createDirectory(atPath: dir + "/gnu", withIntermediateDirectories: true)
        let x = try CLIHarness.run("tar", ["--zstd", "-xf", guest + "/g.tar.zst", "-C", dir + "/gnu"])
        try #require(x.status == 0, "\(x.stderr)")
        try Self.expectSameFiles(dir + "/gnu/g", guest)
        try Self.expectBsdtarExtracts(guest, "g.tar.zst", scratch: dir)
    }

    @Test func checkNamesTheManifestAndTheBundle() throws {
        let dir = try CLIHarness.scratch("bundle-check")
        defer { CLIHarness.remove(dir) }
        try BundleTestRecipe.write(in: dir, output: #""bundle": "tar.zst""#)
        let r = try CLIHarness.builder(["check", "r.json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.contains("  manifest.json: ") && r.out.contains("  g.tar.zst: every file above under g/"), "\(r.out)")
        #expect(CLIHarness.listing(dir) == ["r.json"], "check writes nothing")
    }

    @Test func anUnknownBundleFormatIsARecipeErrorNamingThePath() throws {
        let dir = try CLIHarness.scratch("bundle-bad")
        defer { CLIHarness.remove(dir) }
        try BundleTestRecipe.write(in: dir, output: #""bundle": "zip""#)
        let r = try CLIHarness.builder(["bake", "r.json"], cwd: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("output.bundle") && r.stderr.contains(#"found "zip""#), "\(r.stderr)")
        #expect(r.stderr.contains(#""tar.gz", "tar.xz", "tar.zst""#), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == [], "nothing written")
    }

    @Test func theDecoderReadsEachFormatAndNoBundleByDefault() throws {
        for (value, format) in [("\"tar.gz\"", GuestBundle.Format.gzip), ("\"tar.xz\"", .xz), ("\"tar.zst\"", .zstd)] {
            let text = #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto"}], "output": {"bundle": \#(value)}}"#
            #expect(try Recipe.decode(Array(text.utf8), file: "r.json").output.bundle == format)
        }
        let plain = #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto"}]}"#
        let recipe = try Recipe.decode(Array(plain.utf8), file: "r.json")
        #expect(recipe.output.bundle == nil)
        #expect(recipe.fileSHA256 == FileDigest.sha256(Array(plain.utf8)))
        let bad = #"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto"}], "output": {"bundle": 7}}"#
        #expect(throws: RecipeError.self) { try Recipe.decode(Array(bad.utf8), file: "r.json") }
        do {
            _ = try Recipe.decode(Array(bad.utf8), file: "r.json")
        } catch {
            #expect(error.issues.map(\.path) == ["output.bundle"], "\(error)")
        }
    }

    /// One progress line per step, the bundle's included (the renderer's bar relies on the count).
    @Test func theBundleIsOneMoreStep() throws {
        let dir = try CLIHarness.scratch("bundle-steps")
        defer { CLIHarness.remove(dir) }
        let recipe = try Recipe.load(file: try BundleTestRecipe.write(in: dir, output: #""bundle": "tar.gz""#))
        var lines: [String] = []
        _ = try Bake.run(recipe, environment: [:], progress: { lines.append($0) })
        #expect(lines.count == Bake.stepCount(of: recipe), "\(lines)")
        #expect(lines.last == "writing the bundle (g.tar.gz)", "\(lines)")
        var without = recipe
        without.output.bundle = nil
        #expect(Bake.stepCount(of: without) == Bake.stepCount(of: recipe) - 1)
    }

    /// Every file of `extracted` equals the file of the same name in `guest`, and the extracted
    /// folder holds every file of the guest's folder but the bundle and its checksum.
    static func expectSameFiles(_ extracted: String, _ guest: String) throws {
        let names = CLIHarness.listing(guest).filter { !$0.hasPrefix("g.tar.") }
        #expect(CLIHarness.listing(extracted) == names)
        for name in names {
            let x = try Data(contentsOf: URL(fileURLWithPath: extracted + "/" + name))
            let y = try Data(contentsOf: URL(fileURLWithPath: guest + "/" + name))
            #expect(x == y, "\(name) extracted from the bundle differs from the folder's")
        }
    }

    static func expectBsdtarExtracts(_ guest: String, _ bundle: String, scratch: String) throws {
        let into = scratch + "/bsd"
        try FileManager.default.createDirectory(atPath: into, withIntermediateDirectories: true)
        let x = try CLIHarness.run("bsdtar", ["-xf", guest + "/" + bundle, "-C", into])
        try #require(x.status == 0, "\(x.stderr)")
        try expectSameFiles(into + "/g", guest)
    }
}
