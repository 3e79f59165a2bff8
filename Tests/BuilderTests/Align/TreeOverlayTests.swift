import Testing

@testable import Builder

/// `Tree.overlaid(with:)`: the recipe's overlay folder laid over the tree, as `cp -a over/. tree/`.
@Suite struct TreeOverlayTests {
    static let t = Timestamp(seconds: 100)

    @Test func filesReplaceFoldersMergeHardLinksStay() throws {
        var base = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: Self.t))
        try base.insert(Node(kind: .regular(.string("old")), permissions: 0o644, mtime: Self.t), at: GuestPath("/etc/motd"))
        try base.insert(Node(kind: .regular(.string("keep")), permissions: 0o644, mtime: Self.t), at: GuestPath("/etc/keep"))
        var over = Tree(root: Node(kind: .directory([:]), permissions: 0o755, mtime: Timestamp(seconds: 200)))
        let motd = try over.insert(Node(kind: .regular(.string("new")), permissions: 0o600, uid: 7, mtime: Self.t), at: GuestPath("/etc/motd"))
        try over.link(try Name("motd.link"), in: try #require(over.lookup("/etc")), to: motd)
        try over.insert(Node(kind: .symlink(Array("x".utf8)), permissions: 0o777, mtime: Self.t), at: GuestPath("/opt/app/l"))
        let merged = try base.overlaid(with: over)
        let m = try #require(merged.lookup("/etc/motd"))
        #expect(try merged.bytes(of: m) == Array("new".utf8) && merged[m].permissions == 0o600 && merged[m].uid == 7)
        #expect(merged.lookup("/etc/motd.link") == m, "a hard link in the overlay stays one node")
        #expect(merged.lookup("/etc/keep") != nil, "what the overlay does not hold stays")
        #expect(merged[try #require(merged.lookup("/opt/app/l"))].kind == .symlink(Array("x".utf8)))
        #expect(merged.root.mtime == Timestamp(seconds: 200), "the overlay's root metadata wins, as cp -a does")
    }
}
