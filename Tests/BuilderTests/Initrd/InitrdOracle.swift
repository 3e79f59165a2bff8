import Foundation
import Testing

/// Reads an initrd back with the real tools: `file`, `zcat | cpio -idm`, `cpio -itv`, `stat`.
struct InitrdOracle {
    let folder: String
    var image: String { folder + "/initrd.img" }
    var unpacked: String { folder + "/root" }

    /// Writes `bytes` to a temporary folder and unpacks them there.
    init(_ bytes: [UInt8]) throws {
        folder = try HostTools.temporaryDirectory("initrd")
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/initrd.img"))
        try FileManager.default.createDirectory(atPath: folder + "/root", withIntermediateDirectories: true)
        let r = try shell("cd '\(unpacked)' && zcat '\(image)' | cpio -idm --no-absolute-filenames --quiet")
        #expect(r.ok, "cpio -idm failed: \(r.output)")
    }

    func cleanUp() { HostTools.cleanUp(folder) }

    func shell(_ command: String) throws -> HostTools.Result {
        try HostTools.run(["/bin/sh", "-c", command])
    }

    /// `file` on the image, and on its gunzipped contents.
    func fileTypes() throws -> (image: String, gunzipped: String) {
        let outer = try HostTools.run(["file", "-b", image]).output
        let inner = try shell("zcat '\(image)' | file -b -").output
        return (outer.trimmingCharacters(in: .whitespacesAndNewlines), inner.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The member names `cpio -it` lists, in archive order.
    func members() throws -> [String] {
        let r = try shell("zcat '\(image)' | cpio -it --quiet")
        #expect(r.ok, "cpio -it failed: \(r.output)")
        return r.output.split(separator: "\n").map(String.init)
    }

    /// `cpio -itv`: one `ls -l`-style line per member.
    func verboseListing() throws -> String {
        try shell("zcat '\(image)' | cpio -itv --quiet").output
    }

    /// `stat` of an unpacked member: type, major:minor in hex, octal permissions, owner.
    func stat(_ path: String) throws -> String {
        try HostTools.run(["stat", "-c", "%F %t:%T %a %u:%g", unpacked + "/" + path]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func linkTarget(_ path: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: unpacked + "/" + path)
    }

    func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: unpacked + "/" + path)))
    }
}
