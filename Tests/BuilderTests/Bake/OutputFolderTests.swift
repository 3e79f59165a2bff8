import Foundation
import Testing

@testable import Builder

/// A guest's folder appears whole or not at all, and nothing is left beside it.
@Suite struct OutputFolderTests {
    @Test func commitReplacesAnOlderFolderAndLeavesNoWorkFolder() throws {
        let out = try CLIHarness.scratch("outfolder")
        defer { CLIHarness.remove(out) }
        try CLIHarness.write("old", to: out + "/web/old.txt")
        try CLIHarness.write("keep", to: out + "/other.txt")

        let folder = try OutputFolder.begin(parent: out, name: "web")
        #expect(try HostPaths.permissions(of: folder.work) == 0o700)
        try HostPaths.writeNew(folder.path("sda1.img"), Array("new".utf8))
        #expect(CLIHarness.listing(out + "/web") == ["old.txt"], "the older folder stays until commit")
        try folder.commit()

        #expect(CLIHarness.listing(out) == ["other.txt", "web"])
        #expect(CLIHarness.listing(out + "/web") == ["sda1.img"])
        #expect(try HostPaths.permissions(of: out + "/web/sda1.img") == 0o600)
    }

    @Test func discardRemovesEverything() throws {
        let out = try CLIHarness.scratch("outfolder")
        defer { CLIHarness.remove(out) }
        let folder = try OutputFolder.begin(parent: out + "/new/deeper", name: "web")
        try HostPaths.writeNew(folder.path("sda1.img"), Array("x".utf8))
        try HostPaths.makeDirectory(folder.path("sub"))
        try HostPaths.writeNew(folder.path("sub/f"), [])
        try folder.discard()
        #expect(CLIHarness.listing(out + "/new/deeper") == [])
    }

    @Test func aFileWhereTheFolderGoesIsRefused() throws {
        let out = try CLIHarness.scratch("outfolder")
        defer { CLIHarness.remove(out) }
        try CLIHarness.write("not a folder", to: out + "/web")
        #expect(throws: BakeError.self) { try OutputFolder.begin(parent: out, name: "web") }
        #expect(CLIHarness.listing(out) == ["web"])
    }
}
