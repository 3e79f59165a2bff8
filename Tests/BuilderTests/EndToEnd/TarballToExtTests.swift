import Foundation
import Testing

@testable import Builder

/// The fixture tree packed by the real tools (GNU tar, GNU cpio), baked by the `builder` binary,
/// and judged by e2fsck, dumpe2fs, a read-only loop mount compared with the tree, and sha256
/// against the image of the same tree given as a folder.
@Suite(.serialized)
struct TarballToExtTests {
    /// A scratch folder with the fixture in `tree/`; what a format cannot carry is pruned by the
    /// caller, before packing, so the tree compared is the tree packed.
    struct Scratch {
        let dir: String
        var tree: String { dir + "/tree" }

        init() throws {
            let made = try Fixture.make()
            dir = made.parent
        }

        func prune(_ args: [String]) throws {
            let r = try HostTools.python("prune_tree.py", [tree] + args)
            try #require(r.ok, "prune_tree.py: \(r.output)")
        }

        /// `tar -c` of the whole tree from `-C tree .`, so that `./` carries the root's metadata.
        func tar(_ name: String, filter: [String] = []) throws -> String {
            let out = dir + "/" + name
            let r = try HostTools.run(
                ["tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "--sparse", "--format=posix"]
                    + filter + ["-cf", out, "-C", tree, "."])
            try #require(r.ok, "tar: \(r.output)")
            return out
        }

        /// `find . | cpio -o -H FORMAT`, run in the tree.
        func cpio(_ name: String, format: String) throws -> String {
            let out = dir + "/" + name
            let r = try HostTools.run(["sh", "-c", "cd \"$0\" && find . -print0 | cpio -o -0 --quiet -H \(format) > \"$1\"", tree, out])
            try #require(r.ok, "cpio: \(r.output)")
            return out
        }

        /// Bakes a one-disk recipe (auto size, 16 MiB free) with `source` (JSON), through the
        /// binary; returns the image and the report.
        func bake(_ label: String, source: String, extra: String = "") throws -> (image: String, report: String) {
            let recipe = dir + "/\(label).json"
            let out = dir + "/out-\(label)"
            try CLIHarness.write(
                #"{"name": "g", "source": \#(source)\#(extra), "disks": [{"device": "sda1", "mount": "/", "size": "auto", "free": "16M"}], "output": {"dir": "\#(out)"}}"#,
                to: recipe)
            let r = try CLIHarness.builder(["bake", recipe], environment: ["SOURCE_DATE_EPOCH": "1000000000"])
            try #require(r.status == 0, "bake \(label): \(r.stderr)")
            let report = try String(contentsOfFile: out + "/g/report.txt", encoding: .utf8)
            #expect(CLIHarness.listing(out + "/g") == ["manifest.json", "report.txt", "sda1.img"], "the spool is gone before the folder is moved into place")
            return (out + "/g/sda1.img", report)
        }

        func judge(_ image: String, _ what: String, owner: String? = nil) throws {
            let problems = try ImageOracle.fsck(image) + ImageOracle.features(image, flavor: .ext3)
                + ImageOracle.compare(image, with: tree, flavor: .ext3, owner: owner)
            #expect(problems.isEmpty, "\(what):\n\(problems.joined(separator: "\n"))")
        }
    }

    @Test("GNU tar (pax, xattrs, sparse) with every filter: faithful, and the same image as the folder",
          .timeLimit(.minutes(10)))
    func gnuTarEveryFilter() throws {
        let s = try Scratch()
        defer { HostTools.cleanUp(s.dir) }
        // GNU tar skips sockets ("socket ignored"): the one thing of the fixture tar cannot carry.
        try s.prune(["--remove", "dev/socket"])
        let folder = try s.bake("folder", source: #"{"tree": "\#(s.tree)"}"#)
        try s.judge(folder.image, "the folder")
        let expected = try ImageOracle.sha256(folder.image)
        let archives = [
            try s.tar("fx.tar"), try s.tar("fx.tar.gz", filter: ["--gzip"]), try s.tar("fx.tar.xz", filter: ["--xz"]),
            try s.tar("fx.tar.zst", filter: ["--zstd"]), try s.tar("fx.tar.bz2", filter: ["--bzip2"]),
        ]
        for (i, archive) in archives.enumerated() {
            let baked = try s.bake("tar\(i)", source: #"{"tarball": "\#(archive)"}"#)
            try s.judge(baked.image, archive)
            #expect(try ImageOracle.sha256(baked.image) == expected, "\(archive) and the folder give different images")
            #expect(baked.report == folder.report, "\(archive): report differs")
        }
    }

    @Test("a GNU sparse member keeps its holes: the 5 GiB file takes a few blocks, the all-hole file none",
          .timeLimit(.minutes(5)))
    func sparseMembers() throws {
        let s = try Scratch()
        defer { HostTools.cleanUp(s.dir) }
        try s.prune(["--remove", "dev/socket"])
        let image = try s.bake("sparse", source: #"{"tarball": "\#(try s.tar("fx.tar.gz", filter: ["--gzip"]))"}"#).image
        func blocks(_ path: String) throws -> UInt64 {
            let stat = try HostTools.run(["debugfs", "-R", "stat \(path)", image])
            let count = stat.output.split(separator: "\n").first { $0.contains("Blockcount:") }
                .flatMap { $0.split(separator: " ").last }.flatMap { UInt64($0) }
            return try #require(count, "debugfs stat \(path): \(stat.output)")
        }
        // 20 KiB of data in 5 runs, plus at most a dozen indirect blocks.
        #expect(try blocks("/sparse/over-4g-triple") * 512 < 200 * 1024)
        #expect(try blocks("/sparse/all-hole") == 0)
        #expect(try blocks("/sparse/hole-start") * 512 <= 12 * 1024)
    }

    @Test("GNU cpio newc and odc: faithful in what the formats carry", .timeLimit(.minutes(10)))
    func cpio() throws {
        // cpio keeps no xattrs; newc and odc hold no size above 4 GiB (newc) and no time before
        // 1970 (both: unsigned fields); odc keeps an 18-bit device number, so the two devices with
        // large numbers go too. Everything else of the fixture (sockets included) is compared.
        for (format, extra) in [("newc", [String]()), ("odc", ["--remove", "dev/char-300-70000", "--remove", "dev/block-4095-1048575"])] {
            let s = try Scratch()
            defer { HostTools.cleanUp(s.dir) }
            try s.prune(["--strip-xattrs", "--remove", "sparse/over-4g-triple", "--remove", "times"] + extra)
            let archive = try s.cpio("fx.\(format)", format: format)
            try s.judge(try s.bake(format, source: #"{"tarball": "\#(archive)"}"#).image, "cpio \(format)")
        }
    }

    @Test("owner \"0:0\" maps every file of a folder or a tarball; modes, setuid bits included, are kept",
          .timeLimit(.minutes(5)))
    func ownerMapping() throws {
        let s = try Scratch()
        defer { HostTools.cleanUp(s.dir) }
        try s.prune(["--remove", "dev/socket"])
        let folder = try s.bake("folder-owned", source: #"{"tree": "\#(s.tree)", "owner": "0:0"}"#)
        try s.judge(folder.image, "folder with owner 0:0", owner: "0:0")
        let tarball = try s.bake("tar-owned", source: #"{"tarball": "\#(try s.tar("fx.tar"))", "owner": "0:0"}"#)
        try s.judge(tarball.image, "tarball with owner 0:0", owner: "0:0")
        let setuid = try HostTools.run(["debugfs", "-R", "stat /modes/file-6711", folder.image])
        #expect(setuid.output.contains("Mode:  06711"), "\(setuid.output)")
    }

    @Test("an RPM in \"rpms\" lands in the image with its modes; the report lists the scripts not run")
    func rpm() throws {
        let dir = try HostTools.temporaryDirectory("e2e-rpm")
        defer { HostTools.cleanUp(dir) }
        let made = try HostTools.run(["bash", HostTools.toolsDir + "/make_rpm.sh", dir])
        try #require(made.ok, "make_rpm.sh (rpmbuild): \(made.output)")
        // A small base tree as a tarball: /usr/bin exists, /etc/testpkg does not.
        try FileManager.default.createDirectory(atPath: dir + "/base/usr/bin", withIntermediateDirectories: true)
        try CLIHarness.write("base\n", to: dir + "/base/etc/issue")
        let tar = try HostTools.run(["tar", "--numeric-owner", "-czf", dir + "/base.tar.gz", "-C", dir + "/base", "."])
        try #require(tar.ok, "\(tar.output)")
        try CLIHarness.write(
            #"{"name": "g", "source": {"tarball": "base.tar.gz"}, "rpms": ["testpkg-1.0-1.noarch.rpm"], "disks": [{"device": "sda1", "mount": "/", "size": "8M"}]}"#,
            to: dir + "/r.json")
        let r = try CLIHarness.builder(["bake", dir + "/r.json"])
        try #require(r.status == 0, "\(r.stderr)")
        let image = dir + "/out/g/sda1.img"
        #expect(try ImageOracle.fsck(image).isEmpty)
        for (path, mode) in [("/usr/bin/testpkg", "04755"), ("/etc/testpkg/conf", "0640"), ("/etc/issue", "0644")] {
            let stat = try HostTools.run(["debugfs", "-R", "stat \(path)", image])
            #expect(stat.output.contains("Mode:  \(mode)") && stat.output.contains("User:     0   Group:     0"), "\(path): \(stat.output)")
        }
        let conf = try HostTools.run(["debugfs", "-R", "cat /etc/testpkg/conf", image])
        #expect(conf.output.hasSuffix("key=value\n"), "\(conf.output)")
        let link = try HostTools.run(["debugfs", "-R", "stat /usr/bin/tp", image])
        #expect(link.output.contains("Fast link dest: \"testpkg\""), "\(link.output)")
        let report = try String(contentsOfFile: dir + "/out/g/report.txt", encoding: .utf8)
        #expect(report.contains("rpm testpkg-1.0-1.noarch installed\n"), "\(report)")
        #expect(report.contains("testpkg-1.0-1.noarch: not run: %post, %preun\n"), "\(report)")
        #expect(CLIHarness.listing(dir + "/out/g") == ["manifest.json", "report.txt", "sda1.img"])
    }

    @Test("a debootstrap'd Debian tree as .tar.gz gives the image of the folder", .timeLimit(.minutes(30)))
    func debianTarball() throws {
        let source = try DebianTree.ensure()
        let dir = try HostTools.temporaryDirectory("e2e-debian-tar")
        defer { HostTools.cleanUp(dir) }
        let archive = dir + "/debian.tar.gz"
        let tar = try HostTools.run(
            ["tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "--sparse", "--format=posix", "-czf", archive, "-C", source, "."])
        try #require(tar.ok, "tar: \(tar.output)")
        var images: [String] = []
        for (label, json) in [("folder", #"{"tree": "\#(source)"}"#), ("tarball", #"{"tarball": "\#(archive)"}"#)] {
            try CLIHarness.write(
                #"{"name": "g", "source": \#(json), "disks": [{"device": "sda1", "mount": "/", "size": "auto"}], "output": {"dir": "\#(dir)/out-\#(label)"}}"#,
                to: dir + "/\(label).json")
            let r = try CLIHarness.builder(["bake", dir + "/\(label).json"])
            try #require(r.status == 0, "\(label): \(r.stderr)")
            images.append(dir + "/out-\(label)/g/sda1.img")
        }
        let problems = try ImageOracle.all(images[1], source: source, flavor: .ext3)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(try ImageOracle.sha256(images[0]) == ImageOracle.sha256(images[1]), "the Debian tree as a folder and as a tarball give different images")
    }
}
