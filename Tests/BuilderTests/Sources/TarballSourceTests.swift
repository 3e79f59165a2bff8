import Foundation
import Testing

@testable import Builder

/// The archives come from Tests/tools/make_archives.py (Python's tarfile: an independent writer).
@Suite("Tarball source: faithful and safe", .serialized)
struct TarballSourceTests {
    static let archives: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("archives-\(getpid())").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../tools/make_archives.py").standardized.path
        _ = try? HostTools.run(["python3", script, dir])
        return dir
    }()

    private func read(_ name: String) throws -> (Tree, String) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let options = TarballSource.Options(impliedDirectoryTime: Timestamp(seconds: 946_684_800))
        let tree = try TarballSource.read("\(Self.archives)/\(name)", spoolPath: work + "/spool", options: options)
        return (tree, work)
    }

    private func contentBytes(_ tree: Tree, _ path: String) throws -> [UInt8] {
        let id = try #require(tree.lookup(path), "no \(path)")
        guard case .regular(let c) = tree[id].kind, case .hostFile(let file, let offset) = c.source else {
            Issue.record("\(path) is not a spooled file")
            return []
        }
        return try HostFile.openForReading(file).read(count: Int(c.size), at: offset)
    }

    @Test("every filter gives the same faithful tree", arguments: [
        "ordinary.tar", "ordinary.tar.gz", "ordinary.tar.xz", "ordinary.tar.bz2", "ordinary-gnu.tar",
    ])
    func ordinary(name: String) throws {
        let (tree, work) = try read(name)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let hostname = try #require(tree.lookup("/etc/hostname"))
        #expect(tree[hostname].uid == 70000 && tree[hostname].gid == 70001)
        #expect(try contentBytes(tree, "/etc/hostname") == Array("hello, guest\n".utf8))
        let big = try #require(tree.lookup("/bin/big"))
        #expect(tree[big].permissions == 0o4755)
        #expect(tree[big].mtime.seconds == -86400 * 400)
        #expect(tree[big].atime == tree[big].mtime && tree[big].ctime == tree[big].mtime)
        #expect(try contentBytes(tree, "/bin/big") == (0..<300_000).map { UInt8(($0 * 7) % 251) })
        #expect(tree.lookup("/bin/link-to-big") == big, "hard link must name the same node")
        let lib = try #require(tree.lookup("/lib"))
        #expect(tree[lib].kind == .symlink(Array("usr/lib".utf8)))
        #expect(tree[try #require(tree.lookup("/dev/console"))].kind == .characterDevice(DeviceNumber(major: 5, minor: 1)))
        #expect(tree[try #require(tree.lookup("/dev/sda1"))].kind == .blockDevice(DeviceNumber(major: 8, minor: 1)))
        #expect(tree[try #require(tree.lookup("/run/fifo"))].kind == .fifo)
        let labelled = try #require(tree.lookup("/etc/labelled"))
        // The GNU format has no pax headers, so no xattrs: only pax archives carry them.
        guard name != "ordinary-gnu.tar" else { return }
        #expect(tree[labelled].xattrs.map(\.name) == ["security.selinux", "user.note"])
        #expect(tree[labelled].xattrs.first?.value == Array("system_u:object_r:etc_t:s0\u{0}".utf8))
        // /run was never a member: implied, with builder's own time.
        #expect(tree[try #require(tree.lookup("/run"))].mtime.seconds == 946_684_800)
    }

    @Test("a leading slash is stripped")
    func absolute() throws {
        let (tree, work) = try read("absolute.tar")
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(try contentBytes(tree, "/etc/passwd") == Array("root\n".utf8))
    }

    @Test("a later member replaces an earlier one")
    func duplicates() throws {
        let (tree, work) = try read("duplicates.tar")
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(try contentBytes(tree, "/etc/motd") == Array("second".utf8))
    }

    @Test("long and non-UTF-8 names are kept as bytes")
    func names() throws {
        let (tree, work) = try read("names.tar")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let entries = try #require(tree.root.entries)
        #expect(entries.keys.contains(try Name(validating: [UInt8](repeating: 0x6e, count: 255))))
        #expect(entries.keys.contains(try Name(validating: [0xff, 0xfe, 0x41])))
        #expect(entries.keys.contains(try Name("café")))
    }

    @Test("hostile members are refused with the member named", arguments: [
        ("traversal.tar", "../evil"),
        ("traversal-inner.tar", "a/../../evil"),
        ("through-symlink.tar", "escape/evil"),
        ("missing-link.tar", "nowhere"),
    ])
    func hostile(name: String, mentioned: String) throws {
        do {
            _ = try read(name)
            Issue.record("\(name) was accepted")
        } catch let e as ArchiveSourceError {
            #expect("\(e)".contains(mentioned), "message: \(e)")
            #expect("\(e)".contains(name))
        }
    }

    @Test("broken archives are errors naming the archive", arguments: [
        "truncated.tar.gz", "corrupt.tar.gz", "short-member.tar",
    ])
    func broken(name: String) throws {
        do {
            _ = try read(name)
            Issue.record("\(name) was accepted")
        } catch let e as ArchiveError {
            #expect("\(e)".contains(name), "message: \(e)")
        }
    }

    @Test("100,000 tiny members")
    func many() throws {
        let (tree, work) = try read("many.tar.gz")
        defer { try? FileManager.default.removeItem(atPath: work) }
        var files = 0
        tree.walk { _, id in if case .regular = tree[id].kind { files += 1 } }
        #expect(files == 100_000)
    }
}
