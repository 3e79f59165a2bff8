import Foundation
import Testing

@testable import Builder

/// The package comes from Tests/tools/make_rpm.sh (the real rpmbuild).
@Suite("RPM payloads go into the tree; scripts are listed, not run")
struct RPMSourceTests {
    static let rpm: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rpms-\(getpid())").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../tools/make_rpm.sh").standardized.path
        _ = try? HostTools.run(["/bin/bash", script, dir])
        return dir + "/testpkg-1.0-1.noarch.rpm"
    }()

    @Test("the header names the package and its scriptlets")
    func header() throws {
        #expect(FileManager.default.fileExists(atPath: Self.rpm), "rpmbuild did not make \(Self.rpm): is Debian's rpm package installed (build.sh)?")
        let h = try RPMHeader.read(Self.rpm)
        #expect(h.nevra == "testpkg-1.0-1.noarch")
        #expect(h.scriptlets == ["%post", "%preun"])
    }

    @Test("the payload lands on an existing tree with its owners and modes")
    func install() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("rpm-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var base = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: Timestamp(seconds: 5)))
        try base.insert(Node(kind: .regular(.string("keep\n")), permissions: 0o644, mtime: Timestamp(seconds: 5)), at: GuestPath("/etc/keep"))
        let spool = try Spool(path: work + "/spool")
        let (tree, header) = try RPMSource.install(
            Self.rpm, onto: base, spool: spool, options: .init(impliedDirectoryTime: Timestamp(seconds: 7)))
        #expect(header.name == "testpkg")
        #expect(tree.lookup("/etc/keep") != nil, "the base tree's files stay")
        let conf = try #require(tree.lookup("/etc/testpkg/conf"))
        #expect(tree[conf].permissions == 0o640)
        let bin = try #require(tree.lookup("/usr/bin/testpkg"))
        #expect(tree[bin].permissions == 0o4755 && tree[bin].uid == 0)
        #expect(tree[try #require(tree.lookup("/usr/bin/tp"))].kind == .symlink(Array("testpkg".utf8)))
        guard case .regular(let c) = tree[conf].kind, case .hostFile(let f, let off) = c.source else {
            Issue.record("conf is not spooled")
            return
        }
        #expect(try HostFile.openForReading(f).read(count: Int(c.size), at: off) == Array("key=value\n".utf8))
    }

    @Test("a file that is not an RPM is refused by name")
    func notAnRPM() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fake-\(UUID().uuidString).rpm").path
        try Data("nope".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: RPMError.notAnRPM(path: path)) { try RPMHeader.read(path) }
    }
}
