import Foundation
import Testing

/// The generated source tree that covers every case the ext writer must handle (see
/// Tests/tools/make_fixture.py for the list).
enum Fixture {
    /// Makes the tree in a new temporary folder and returns its path; the caller removes `parent`.
    /// `mke2fsCompatible` leaves out the one case mke2fs -d gets wrong (a hard-linked symlink), for
    /// validating the oracles on mke2fs's image.
    static func make(mke2fsCompatible: Bool = false) throws -> (parent: String, tree: String) {
        let parent = try HostTools.temporaryDirectory("fixture")
        let tree = parent + "/tree"
        let r = try HostTools.python(
            "make_fixture.py", (mke2fsCompatible ? ["--mke2fs-compatible"] : []) + [tree])
        guard r.ok else {
            HostTools.cleanUp(parent)
            throw FixtureError(output: r.output)
        }
        return (parent, tree)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var output: String
        var description: String { "make_fixture.py failed (the tests run as root):\n\(output)" }
    }
}
