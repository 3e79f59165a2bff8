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

@Suite struct HostPathsTests {
    /// Removing a work folder must never reach through a symlink into the host.
    @Test func removeTreeRemovesLinksNotTheirTargets() throws {
        let dir = try CLIHarness.scratch("rmtree")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("keep", to: dir + "/outside/precious")
        try CLIHarness.write("x", to: dir + "/work/a/b/file")
        try FileManager.default.createSymbolicLink(atPath: dir + "/work/a/link", withDestinationPath: dir + "/outside")
        try HostPaths.removeTree(dir + "/work")
        #expect(CLIHarness.listing(dir) == ["outside"])
        #expect(CLIHarness.listing(dir + "/outside") == ["precious"])
        try HostPaths.removeTree(dir + "/nothing-here")
    }

    @Test func makeDirectoriesMakesParentsAndAcceptsExisting() throws {
        let dir = try CLIHarness.scratch("mkdirs")
        defer { CLIHarness.remove(dir) }
        try HostPaths.makeDirectories(dir + "/a/b/c")
        try HostPaths.makeDirectories(dir + "/a/b/c")
        #expect(try HostPaths.kind(of: dir + "/a/b/c") == .directory)
        try CLIHarness.write("f", to: dir + "/file")
        #expect(throws: SystemError.self) { try HostPaths.makeDirectories(dir + "/file/sub") }
    }
}
