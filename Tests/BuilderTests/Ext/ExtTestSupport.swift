import Foundation
import Testing
@testable import Builder

/// Shared fixtures for the ext writer tests: options, a scratch directory, and the external
/// tools (e2fsck, dumpe2fs, debugfs, mount) that are the oracles.
enum ExtFixture {
    static let epoch = Timestamp(seconds: 1_700_000_000)

    static func options(_ flavor: Ext.Flavor = .ext3, blockSize: Int = 4096) -> Ext.Options {
        Ext.Options(
            flavor: flavor, blockSize: blockSize, uuid: Array(1...16), hashSeed: Array(101...116),
            label: "test", timestamp: epoch)
    }

    static func directory(_ permissions: UInt16 = 0o755, uid: UInt32 = 0) -> Node {
        Node(kind: .directory([:]), permissions: permissions, uid: uid, mtime: epoch)
    }

    static func file(_ text: String, permissions: UInt16 = 0o644, uid: UInt32 = 0, gid: UInt32 = 0,
                     xattrs: [XAttr] = []) -> Node {
        Node(kind: .regular(.string(text)), permissions: permissions, uid: uid, gid: gid, mtime: epoch, xattrs: xattrs)
    }

    static func newTree() -> Tree { Tree(root: directory()) }
}

/// A fresh temporary directory, removed by `remove()`.
struct Scratch {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/builder-ext-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(made != nil)
        path = String(cString: template)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// A sparse host file of `size` bytes with `chunks` written at their offsets.
    func sparseFile(_ name: String, size: UInt64, chunks: [(UInt64, [UInt8])]) throws -> String {
        let p = file(name)
        let f = try HostFile.create(p)
        try f.truncate(to: size)
        for (offset, bytes) in chunks { try f.write(bytes, at: offset) }
        try f.close()
        return p
    }
}

struct ToolResult {
    var status: Int32
    var output: String
}

enum Tool {
    /// Runs a command, stdout and stderr together.
    @discardableResult
    static func run(_ args: [String]) throws -> ToolResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.environment = HostTools.environment
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return ToolResult(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// e2fsck -fn must find nothing to fix (exit 0); prints its report otherwise.
    static func expectClean(_ image: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try run(["e2fsck", "-fn", image])
        #expect(r.status == 0, "e2fsck -fn \(image) exited \(r.status):\n\(r.output)", sourceLocation: sourceLocation)
    }

    static func debugfs(_ image: String, _ request: String) throws -> String {
        try run(["debugfs", "-R", request, image]).output
    }

    static func dumpe2fs(_ image: String) throws -> String {
        try run(["dumpe2fs", "-h", image]).output
    }

    /// A header line's value from `dumpe2fs -h`.
    static func field(_ name: String, in dump: String) -> String? {
        for line in dump.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    static func sha256(_ path: String) throws -> String {
        String(try run(["sha256sum", path]).output.prefix(64))
    }
}
