import Foundation
import Testing

/// No runaway input (issue 11, point 4): an archive member whose data the guest's disks could not
/// hold is refused at its header, before its data is read, by bake and check alike; free space is
/// checked before writing; check reports the size the files need and fails when a disk is too
/// small. strace, not builder's own word, counts the bytes written.
@Suite(.serialized) struct CLIRunawayInputTests {
    /// A gzip'd tar whose one member `big` declares `declared` bytes in its (GNU) header but is
    /// followed by only `present` bytes of zeros and the end of the file: what a 20 MB tar.gz of
    /// 20 GiB of zeros looks like to a reader that has not yet read the data.
    static func truncatedArchive(_ path: String, declared: UInt64, present: Int) throws {
        let script = """
            import gzip, sys, tarfile
            info = tarfile.TarInfo("big")
            info.size = int(sys.argv[2])
            info.mode = 0o644
            with gzip.open(sys.argv[1], "wb") as f:
                f.write(info.tobuf(format=tarfile.GNU_FORMAT))
                f.write(bytes(int(sys.argv[3])))
            """
        let r = try CLIHarness.run("python3", ["-c", script, path, "\(declared)", "\(present)"])
        try #require(r.status == 0, "\(r.stderr)")
    }

    /// The bytes a command wrote into files (pwrite64, and copies made in the kernel), as strace
    /// saw them. Writes to stdout and stderr (write(2)) are not counted.
    static func bytesWritten(_ log: String) throws -> UInt64 {
        let text = try String(contentsOfFile: log, encoding: .utf8)
        var total: UInt64 = 0
        for line in text.split(separator: "\n") where line.contains("pwrite64(") || line.contains("copy_file_range(") {
            guard let eq = line.range(of: " = ", options: .backwards) else { continue }
            let value = line[eq.upperBound...].prefix { $0.isNumber }
            total += UInt64(value) ?? 0
        }
        return total
    }

    static func recipe(source: String, disk: String, extra: String = "") -> String {
        #"{"name": "g", "profile": "none", "source": \#(source), "disks": [{"device": "sda1", "mount": "/", \#(disk)}]\#(extra)}"#
    }

    @Test func aMemberDeclaringMoreThanTheDisksFailsAtItsHeaderInBakeAndCheck() throws {
        let dir = try CLIHarness.scratch("runaway-header")
        defer { CLIHarness.remove(dir) }
        // 20 GiB declared, 8 MiB present: a reader that spools before it checks writes 8 MiB.
        try Self.truncatedArchive(dir + "/big.tar.gz", declared: 20 << 30, present: 8 << 20)
        try CLIHarness.write(Self.recipe(source: #"{"tarball": "big.tar.gz"}"#, disk: #""size": "64M", "fs": "ext2""#), to: dir + "/r.json")
        for command in [["bake", "r.json", "--out", dir + "/out"], ["check", "r.json", "--out", dir + "/out"]] {
            var environment = ProcessInfo.processInfo.environment
            try FileManager.default.createDirectory(atPath: dir + "/tmp", withIntermediateDirectories: true)
            environment["TMPDIR"] = dir + "/tmp"
            let r = try CLIHarness.run(
                "strace", ["-f", "-e", "trace=pwrite64,copy_file_range", "-o", dir + "/writes.log", try CLIHarness.builderBinary()] + command,
                cwd: dir, environment: environment)
            #expect(r.status == 1, "\(command[0]): \(r.stderr)")
            #expect(
                r.stderr.contains("member 'big' declares 21474836480 bytes") && r.stderr.contains("67108864 bytes the disks can hold")
                    && r.stderr.contains("was not read"),
                "\(command[0]): \(r.stderr)")
            let written = try Self.bytesWritten(dir + "/writes.log")
            #expect(written < 1 << 20, "\(command[0]) wrote \(written) bytes before refusing the member")
            #expect(CLIHarness.listing(dir + "/out") == [], "\(command[0]) left \(CLIHarness.listing(dir + "/out"))")
            #expect(CLIHarness.listing(dir + "/tmp") == [], "\(command[0]) left \(CLIHarness.listing(dir + "/tmp"))")
        }
    }

    @Test func withSizeAutoTheLimitIsLimitsMaxImageSize() throws {
        let dir = try CLIHarness.scratch("runaway-auto")
        defer { CLIHarness.remove(dir) }
        try Self.truncatedArchive(dir + "/big.tar.gz", declared: 40 << 20, present: 0)
        // The default limit (64 GiB) lets a 40 MiB member through to the truncation error; a
        // limit of 16 MiB stops it at its header.
        try CLIHarness.write(
            Self.recipe(source: #"{"tarball": "big.tar.gz"}"#, disk: #""size": "auto""#, extra: #", "limits": {"maxImageSize": "16M"}"#),
            to: dir + "/r.json")
        let r = try CLIHarness.builder(["bake", "r.json", "--out", dir + "/out"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("member 'big' declares 41943040 bytes") && r.stderr.contains("limits.maxImageSize"), "\(r.stderr)")
        try CLIHarness.write(Self.recipe(source: #"{"tarball": "big.tar.gz"}"#, disk: #""size": "auto""#), to: dir + "/default.json")
        let d = try CLIHarness.builder(["bake", "default.json", "--out", dir + "/out"], cwd: dir)
        #expect(d.status == 1 && !d.stderr.contains("limits.maxImageSize"), "the default limit refused 40 MiB: \(d.stderr)")
    }

    /// A sparse member counts by its data: 1 GiB declared with 1 MiB of data fits a 64 MiB disk.
    @Test func aSparseMemberCountsByItsData() throws {
        let dir = try CLIHarness.scratch("runaway-sparse")
        defer { CLIHarness.remove(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/src", withIntermediateDirectories: true)
        let make = try CLIHarness.run("python3", ["-c", """
            import os, sys
            with open(sys.argv[1], "wb") as f:
                f.truncate(1 << 30)
                f.seek(512 << 20)
                f.write(os.urandom(1 << 20))
            """, dir + "/src/sparse"])
        try #require(make.status == 0, "\(make.stderr)")
        let tar = try CLIHarness.run("tar", ["--sparse", "--format=gnu", "-czf", dir + "/s.tar.gz", "-C", dir + "/src", "sparse"])
        try #require(tar.status == 0, "\(tar.stderr)")
        try CLIHarness.write(Self.recipe(source: #"{"tarball": "s.tar.gz"}"#, disk: #""size": "64M", "fs": "ext2""#), to: dir + "/r.json")
        let r = try CLIHarness.builder(["bake", "r.json", "--out", dir + "/out"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let fsck = try CLIHarness.run("e2fsck", ["-fn", dir + "/out/g/sda1.img"])
        #expect(fsck.status == 0, "\(fsck.out)")
    }

    /// Free space is checked before writing: a bake into a 20 MiB tmpfs of a 30 MiB file stops
    /// with the size needed and the space free, not with ENOSPC halfway, and leaves nothing.
    @Test func freeSpaceIsCheckedBeforeWriting() throws {
        let dir = try CLIHarness.scratch("runaway-space")
        defer { CLIHarness.remove(dir) }
        let small = dir + "/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mount = try CLIHarness.run("mount", ["-t", "tmpfs", "-o", "size=20m", "tmpfs", small])
        try #require(mount.status == 0, "mounting a tmpfs (the test runs as root): \(mount.stderr)")
        defer { _ = try? CLIHarness.run("umount", [small]) }
        try FileManager.default.createDirectory(atPath: dir + "/src", withIntermediateDirectories: true)
        let make = try CLIHarness.run("python3", ["-c", "import os, sys; open(sys.argv[1], 'wb').write(os.urandom(30 << 20))", dir + "/src/data"])
        try #require(make.status == 0, "\(make.stderr)")
        let tar = try CLIHarness.run("tar", ["-czf", dir + "/d.tar.gz", "-C", dir + "/src", "data"])
        try #require(tar.status == 0, "\(tar.stderr)")
        try CLIHarness.write(Self.recipe(source: #"{"tarball": "d.tar.gz"}"#, disk: #""size": "64M", "fs": "ext2""#), to: dir + "/r.json")
        let r = try CLIHarness.builder(["bake", "r.json", "--out", small + "/out"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("not enough free space in") && r.stderr.contains("31457280 bytes (30 MiB) needed"), "\(r.stderr)")
        #expect(CLIHarness.listing(small + "/out") == [], "left \(CLIHarness.listing(small + "/out"))")
    }

    /// check reports what the files need; a disk too small is exit 1 with the size to give, as bake.
    @Test func checkReportsTheSizeNeededAndFailsWhenItDoesNotFit() throws {
        let dir = try CLIHarness.scratch("runaway-check-fit")
        defer { CLIHarness.remove(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/tree", withIntermediateDirectories: true)
        let make = try CLIHarness.run("python3", ["-c", "import os, sys; open(sys.argv[1], 'wb').write(os.urandom(3 << 20))", dir + "/tree/data"])
        try #require(make.status == 0, "\(make.stderr)")
        try CLIHarness.write(Self.recipe(source: #"{"tree": "tree"}"#, disk: #""size": "2M", "fs": "ext2""#), to: dir + "/small.json")
        let r = try CLIHarness.builder(["check", "small.json"], cwd: dir)
        #expect(r.status == 1, "\(r.out)\(r.stderr)")
        #expect(r.stderr.contains("disk sda1: the files do not fit: they need at least") && r.stderr.contains("the disk has 2 MiB"), "\(r.stderr)")
        let bake = try CLIHarness.builder(["bake", "small.json", "--out", dir + "/out"], cwd: dir)
        #expect(bake.status == 1, "\(bake.stderr)")
        let need = { (s: String) -> String? in
            s.range(of: "they need at least ").map { String(s[$0.upperBound...].prefix { $0 != "," }) }
        }
        #expect(need(r.stderr) == need(bake.stderr), "check and bake disagree:\n\(r.stderr)\n\(bake.stderr)")

        try CLIHarness.write(Self.recipe(source: #"{"tree": "tree"}"#, disk: #""size": "8M", "fs": "ext2""#), to: dir + "/fits.json")
        let ok = try CLIHarness.builder(["check", "fits.json"], cwd: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.out.contains("sda1: the files need at least") && ok.out.contains("the disk has 8 MiB: fits"), "\(ok.out)")
    }
}
