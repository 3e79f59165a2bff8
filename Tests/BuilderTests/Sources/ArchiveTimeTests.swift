import Foundation
import Testing

@testable import Builder

/// Times before 1970 with a fraction, as GNU tar writes them in pax headers (a decimal number:
/// "-631151999.999999995" is 5 ns after 1950-01-01), read the way a folder holding the same file
/// gives them.
@Suite struct ArchiveTimeTests {
    @Test("a GNU tar pax time before 1970 with nanoseconds is the folder's time")
    func negativeFraction() throws {
        let dir = try HostTools.temporaryDirectory("negtime")
        defer { HostTools.cleanUp(dir) }
        let set = try HostTools.run([
            "python3", "-c",
            "import os,sys; os.mkdir(sys.argv[1]+'/t'); p=sys.argv[1]+'/t/f'; open(p,'w').close(); os.utime(p, ns=(0, -631152000*10**9 + 5))",
            dir,
        ])
        try #require(set.ok, "\(set.output)")
        let tar = try HostTools.run(["tar", "--format=posix", "--numeric-owner", "-cf", dir + "/t.tar", "-C", dir + "/t", "."])
        try #require(tar.ok, "\(tar.output)")
        let tree = try TarballSource.read(
            dir + "/t.tar", spoolPath: dir + "/spool", options: .init(impliedDirectoryTime: Timestamp(seconds: 0)))
        let f = try #require(tree.lookup("/f"))
        #expect(tree[f].mtime == Timestamp(seconds: -631_152_000, nanoseconds: 5))
        #expect(try DirectorySource.read(dir + "/t")[try #require(DirectorySource.read(dir + "/t").lookup("/f"))].mtime == tree[f].mtime)
    }

    @Test("only tar times are corrected; whole seconds and times after 1970 pass through")
    func passThrough() {
        #expect(ArchiveEntry.time(seconds: -5, nanoseconds: 0, fromTar: true) == Timestamp(seconds: -5))
        #expect(ArchiveEntry.time(seconds: 5, nanoseconds: 7, fromTar: true) == Timestamp(seconds: 5, nanoseconds: 7))
        #expect(ArchiveEntry.time(seconds: -5, nanoseconds: 7, fromTar: false) == Timestamp(seconds: -5, nanoseconds: 7))
        #expect(ArchiveEntry.time(seconds: -1, nanoseconds: 200_000_000, fromTar: true) == Timestamp(seconds: -2, nanoseconds: 800_000_000))
    }
}
