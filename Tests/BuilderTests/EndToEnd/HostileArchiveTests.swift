import Foundation
import Testing

@testable import Builder

/// Hostile, broken and odd archives (Tests/tools/make_archives.py, Python's tarfile) through the
/// `builder` binary: the documented result, exit code 1 for every refusal, an empty output folder,
/// and nothing written anywhere else.
@Suite(.serialized)
struct HostileArchiveTests {
    static let archives: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-archives-\(getpid())").path
        _ = try? HostTools.python("make_archives.py", [dir])
        return dir
    }()

    /// Where a careless extractor would have written: `evil` beside the output folder (`../evil`
    /// seen from it), inside it, one level up, and the symlink's target `/tmp`.
    static func landingPlaces(_ dir: String) -> [String] {
        [dir + "/evil", dir + "/out/evil", dir + "/out/g/evil", URL(fileURLWithPath: dir).deletingLastPathComponent().path + "/evil", "/tmp/evil"]
    }

    /// Bakes `archive` from a fresh folder holding a canary folder beside the output.
    static func bake(_ archive: String) throws -> (run: CLIHarness.Run, dir: String) {
        let dir = try HostTools.temporaryDirectory("hostile")
        try CLIHarness.write("canary\n", to: dir + "/canary/keep")
        try CLIHarness.write(
            #"{"name": "g", "source": {"tarball": "\#(archives)/\#(archive)"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto"}]}"#,
            to: dir + "/r.json")
        return (try CLIHarness.builder(["bake", dir + "/r.json"]), dir)
    }

    @Test("refused archives: exit 1, the archive and the member named, nothing left, nothing outside", arguments: [
        ("traversal.tar", "member '../evil'"),
        ("traversal-inner.tar", "member 'a/../../evil'"),
        ("absolute-traversal.tar", "member '/../evil'"),
        ("through-symlink.tar", "member 'escape/evil'"),
        ("missing-link.tar", "member 'a' is a hard link to '/nowhere'"),
        ("truncated.tar.gz", "(last good member: './etc/hostname')"),
        ("corrupt.tar.gz", "(last good member: './etc/hostname')"),
        ("short-member.tar", "at member 'short'"),
    ])
    func refused(archive: String, mentioned: String) throws {
        try #require(!FileManager.default.fileExists(atPath: "/tmp/evil"), "/tmp/evil exists before the test: remove it, or this test cannot tell")
        let (r, dir) = try Self.bake(archive)
        defer { HostTools.cleanUp(dir) }
        #expect(r.status == 1, "\(archive): exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("archive '\(Self.archives)/\(archive)'"), "\(r.stderr)")
        #expect(r.stderr.contains(mentioned), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == [], "the output folder is left empty")
        #expect(CLIHarness.listing(dir) == ["canary", "out", "r.json"], "nothing new beside the output")
        #expect(CLIHarness.listing(dir + "/canary") == ["keep"])
        for place in Self.landingPlaces(dir) {
            #expect(!FileManager.default.fileExists(atPath: place), "\(place) was written")
        }
    }

    @Test("odd archives a careful tar -x takes: leading /, duplicates, long and non-UTF-8 names, 100,000 members",
          .timeLimit(.minutes(5)))
    func accepted() throws {
        for archive in ["absolute.tar", "duplicates.tar", "names.tar", "many.tar.gz"] {
            let (r, dir) = try Self.bake(archive)
            defer { HostTools.cleanUp(dir) }
            try #require(r.status == 0, "\(archive): \(r.stderr)")
            let image = dir + "/out/g/sda1.img"
            #expect(try ImageOracle.fsck(image).isEmpty, "\(archive)")
            #expect(CLIHarness.listing(dir + "/out/g") == ["manifest.json", "report.txt", "sda1.img"])
            let check: (String, String)
            switch archive {
            case "absolute.tar": check = ("cat /etc/passwd", "root\n")
            case "duplicates.tar": check = ("cat /etc/motd", "second")
            case "names.tar": check = ("stat /" + String(repeating: "n", count: 255), "Size: 1")
            default: check = ("stat /d99/f99999", "Size: 1")
            }
            let out = try HostTools.run(["debugfs", "-R", check.0, image])
            #expect(out.output.contains(check.1), "\(archive): debugfs \(check.0): \(out.output)")
            if archive == "many.tar.gz" {
                let report = try String(contentsOfFile: dir + "/out/g/report.txt", encoding: .utf8)
                // 100,000 files, 100 folders, lost+found and the 10 reserved inodes (root among them).
                #expect(report.contains("inodes=100111/"), "\(report)")
            }
        }
    }
}
