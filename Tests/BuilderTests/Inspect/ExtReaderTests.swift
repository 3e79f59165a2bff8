import Foundation
import Testing

@testable import Builder

/// The reader against images made by the real mke2fs from a folder whose contents the test knows.
@Suite(.serialized) struct ExtReaderTests {
    /// Makes the source folder: every kind of inode, owners and times the reader must report,
    /// files that need double and triple indirect blocks, and one over 4 GiB (both sparse).
    static func makeSource(_ src: String) throws {
        let script = #"""
            set -eu
            cd "$1"
            mkdir -p dir/sub many
            printf 'hello\n' > small.txt
            i=0; while [ $i -lt 300 ]; do : > "many/a-rather-long-file-name-number-$i"; i=$((i+1)); done
            head -c 600000 /dev/urandom > medium
            truncate -s 70M sparse70
            printf 'END70' | dd of=sparse70 bs=1 seek=$((68*1024*1024)) conv=notrunc status=none
            truncate -s 5G big5
            printf 'BIG' | dd of=big5 bs=1 seek=$((4*1024*1024*1024 + 512*1024*1024)) conv=notrunc status=none
            ln -s small.txt fast
            ln -s "$(printf 'x%.0s' $(seq 100))" slow
            mknod chr c 300 70000
            mknod blk b 8 1
            mkfifo fifo
            ln small.txt hard
            chown 70000:70001 small.txt
            chmod 4755 small.txt
            chmod 1777 dir
            touch -d '@1000000000' small.txt
            touch -d '1960-06-01 00:00:00 UTC' dir/sub
            printf 'n' > "$(printf 'name-\377')"
            """#
        let r = try CLIHarness.run("sh", ["-c", script, "sh", src])
        try #require(r.status == 0, "making the source failed: \(r.stderr)")
    }

    static func makeImage(blockSize: Int, extra: [String] = [], in dir: String) throws -> (src: String, image: String) {
        let src = dir + "/src"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        try makeSource(src)
        let image = dir + "/fs.img"
        let r = try CLIHarness.run("mke2fs", ["-q", "-F", "-t", "ext3", "-I", "128", "-b", "\(blockSize)"] + extra + ["-d", src, image, "64M"])
        try #require(r.status == 0, "mke2fs failed: \(r.stderr)")
        return (src, image)
    }

    /// The fields of the listing line whose name (the field after the time) is `name`.
    static func line(_ lines: [String], _ name: String) -> [String]? {
        for l in lines {
            let fields = l.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if let t = fields.firstIndex(where: { $0.count == 20 && $0.hasSuffix("Z") }), t + 1 < fields.count, fields[t + 1] == name {
                return fields
            }
        }
        return nil
    }

    @Test(arguments: [1024, 4096])
    func readsWhatMke2fsWrote(blockSize: Int) throws {
        let dir = try CLIHarness.scratch("inspect")
        defer { CLIHarness.remove(dir) }
        let (src, imagePath) = try Self.makeImage(blockSize: blockSize, in: dir)
        let image = try ExtImage(path: imagePath)
        #expect(image.blockSize == blockSize)

        guard case .listing(let root) = try Inspect.look(image: imagePath, path: "/") else {
            Issue.record("/ is not listed")
            return
        }
        let names = root.map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(names.contains("lost+found") && names.contains("small.txt") && names.contains("name-\\xff"), "\(root)")

        let small = try #require(Self.line(root, "small.txt"))
        #expect(small == ["-rwsr-xr-x", "2", "70000", "70001", "6", "2001-09-09T01:46:40Z", "small.txt"])
        #expect(Self.line(root, "hard")?[1] == "2")
        #expect(Self.line(root, "fast")?.suffix(3) == ["fast", "->", "small.txt"])
        #expect(Self.line(root, "slow")?.last == String(repeating: "x", count: 100))
        #expect(Self.line(root, "slow")?[4] == "100")
        #expect(Self.line(root, "chr")?.first == "crw-r--r--")
        #expect(root.contains { $0.hasPrefix("c") && $0.contains(" 300, 70000 ") && $0.hasSuffix(" chr") }, "\(root)")
        #expect(root.contains { $0.hasPrefix("b") && $0.contains(" 8, 1 ") && $0.hasSuffix(" blk") }, "\(root)")
        #expect(Self.line(root, "fifo")?.first?.hasPrefix("p") == true)
        #expect(Self.line(root, "dir")?.first == "drwxrwxrwt")
        #expect(Self.line(root, "sparse70")?[4] == "73400320")
        #expect(Self.line(root, "big5")?[4] == "5368709120")

        guard case .listing(let sub) = try Inspect.look(image: imagePath, path: "/dir") else {
            Issue.record("/dir is not listed")
            return
        }
        #expect(Self.line(sub, "sub")?[5] == "1960-06-01T00:00:00Z", "\(sub)")

        guard case .listing(let many) = try Inspect.look(image: imagePath, path: "/many/") else {
            Issue.record("/many is not listed")
            return
        }
        #expect(many.count == 300)

        // Contents: a file through double indirect blocks (with 1 KiB blocks), sparse files whose
        // data sits behind triple indirect blocks, one over 4 GiB.
        let medium = try image.lookup("/medium")
        let expected = try Data(contentsOf: URL(fileURLWithPath: src + "/medium"))
        #expect(try image.contents(medium) == Array(expected))
        var streamed: [UInt8] = []
        try image.stream(medium) { streamed += $0 }
        #expect(streamed == Array(expected))

        let sparse = try image.lookup("/sparse70")
        #expect(try image.read(sparse, offset: 68 << 20, count: 5) == Array("END70".utf8))
        #expect(try image.read(sparse, offset: 10 << 20, count: 4096) == [UInt8](repeating: 0, count: 4096))
        #expect(try image.read(sparse, offset: (70 << 20) - 2, count: 100).count == 2)

        let big = try image.lookup("/big5")
        #expect(big.size == 5 << 30)
        #expect(try image.read(big, offset: (4 << 30) + (512 << 20), count: 3) == Array("BIG".utf8))
        #expect(try image.read(big, offset: (4 << 30) + (512 << 20) - 1, count: 1) == [0])
    }

    @Test func errorsSayWhatIsWrong() throws {
        let dir = try CLIHarness.scratch("inspect-errors")
        defer { CLIHarness.remove(dir) }
        let (_, imagePath) = try Self.makeImage(blockSize: 4096, in: dir)

        #expect(throws: InspectError.notFound("/nope")) { try Inspect.look(image: imagePath, path: "/nope") }
        #expect(throws: InspectError.notADirectory("/small.txt")) { try Inspect.look(image: imagePath, path: "/small.txt/x") }
        #expect(throws: InspectError.symlinkInPath("/fast", target: "small.txt")) { try Inspect.look(image: imagePath, path: "/fast/x") }

        let notExt = dir + "/zeros.img"
        try Data(count: 8192).write(to: URL(fileURLWithPath: notExt))
        #expect(throws: InspectError.notExt(image: notExt, reason: "no ext2 magic 0xEF53 at byte 1080")) {
            try ExtImage(path: notExt)
        }

        let ext4 = dir + "/ext4.img"
        let r = try CLIHarness.run("mke2fs", ["-q", "-F", "-t", "ext4", ext4, "16M"])
        try #require(r.status == 0, "\(r.stderr)")
        do {
            _ = try ExtImage(path: ext4)
            Issue.record("an ext4 image with extents was read")
        } catch let e as InspectError {
            #expect("\(e)".contains("extents"), "\(e)")
        }
    }
}
