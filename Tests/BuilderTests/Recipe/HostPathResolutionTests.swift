import Foundation
import Testing

@testable import Builder

@Suite struct HostPathResolutionTests {
    @Test func pathsAreJoinedToTheRecipesFolderAndNormalised() {
        let real: (String) -> Bool = { _ in true }
        #expect(HostPathResolution.normalised("recipes/../out/c4-guest", isRealFolder: real) == "out/c4-guest")
        #expect(HostPathResolution.normalised("./a//b/./c/", isRealFolder: real) == "a/b/c")
        #expect(HostPathResolution.normalised("/../x/..", isRealFolder: real) == "/")
        #expect(HostPathResolution.normalised("a/..", isRealFolder: real) == ".")
        #expect(HostPathResolution.normalised("../../x", isRealFolder: real) == "../../x")
        #expect(HostPathResolution.normalised("a/../../x", isRealFolder: real) == "../x")
    }

    /// `link/..` is the parent of the link's target, not the folder holding the link: such a
    /// pair stays, and so does one over a name that does not exist.
    @Test func aPairOverASymlinkOrAMissingNameStays() throws {
        let dir = try HostTools.temporaryDirectory("paths")
        defer { HostTools.cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/real/deep", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "real/deep")
        #expect(HostPathResolution.normalised(dir + "/real/../out") == dir + "/out")
        #expect(HostPathResolution.normalised(dir + "/link/../out") == dir + "/link/../out")
        #expect(HostPathResolution.normalised(dir + "/missing/../out") == dir + "/missing/../out")
        #expect(HostPathResolution.resolve("../out", against: dir + "/real") == dir + "/out")
        #expect(HostPathResolution.resolve("./out", against: ".") == "out")
    }
}
