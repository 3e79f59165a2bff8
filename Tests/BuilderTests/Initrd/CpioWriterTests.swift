import Foundation
import Testing

@testable import Builder

@Suite struct CpioWriterTests {
    static let t0 = Timestamp(seconds: 1_180_000_000)

    static func sample() -> CpioArchive {
        var a = CpioArchive()
        a.directory("bin")
        a.file("bin/hello", Array("hello\n".utf8), permissions: 0o755)
        a.directory("bin/sub")
        a.symlink("sbin", to: "bin")
        a.directory("dev")
        a.append(.init("dev/console", .characterDevice(DeviceNumber(major: 5, minor: 1)), permissions: 0o600))
        a.append(.init("dev/ram", .blockDevice(DeviceNumber(major: 1, minor: 1)), permissions: 0o644))
        a.file("odd", Array("123".utf8), permissions: 0o644)
        return a
    }

    /// The fields of each newc header (magic, then 13 eight-digit hex numbers, then the name),
    /// read straight from the bytes: the format as the kernel's initramfs unpacker reads it.
    struct NewcHeader {
        var magic: String
        var fields: [UInt32]
        var name: String
        var ino: UInt32 { fields[0] }
        var mode: UInt32 { fields[1] }
        var uid: UInt32 { fields[2] }
        var gid: UInt32 { fields[3] }
        var nlink: UInt32 { fields[4] }
        var mtime: UInt32 { fields[5] }
        var size: UInt32 { fields[6] }
        var devMajor: UInt32 { fields[7] }
        var devMinor: UInt32 { fields[8] }
        var rdevMajor: UInt32 { fields[9] }
        var rdevMinor: UInt32 { fields[10] }
        var check: UInt32 { fields[12] }
    }

    static func headers(_ bytes: [UInt8]) throws -> [NewcHeader] {
        var out: [NewcHeader] = []
        var at = 0
        func pad4(_ n: Int) -> Int { (n + 3) & ~3 }
        while at + 110 <= bytes.count {
            let magic = String(decoding: bytes[at..<at + 6], as: UTF8.self)
            var fields: [UInt32] = []
            for i in 0..<13 {
                let s = String(decoding: bytes[at + 6 + 8 * i..<at + 14 + 8 * i], as: UTF8.self)
                fields.append(try #require(UInt32(s, radix: 16), "bad hex field \(s)"))
            }
            let nameSize = Int(fields[11])
            let name = String(decoding: bytes[at + 110..<at + 110 + nameSize - 1], as: UTF8.self)
            out.append(NewcHeader(magic: magic, fields: fields, name: name))
            if name == "TRAILER!!!" { break }
            at = pad4(at + 110 + nameSize)
            at = pad4(at + Int(fields[6]))
        }
        return out
    }

    @Test func headersCarryFixedInodesLinksOwnerTimeAndNoDevice() throws {
        let bytes = try CpioWriter.write(Self.sample(), mtime: Self.t0, compression: .none)
        let headers = try Self.headers(bytes)
        #expect(headers.map(\.name) == Self.sample().entries.map(\.path) + ["TRAILER!!!"])
        for (i, h) in headers.dropLast().enumerated() {
            #expect(h.magic == "070701", "\(h.name)")
            #expect(h.ino == UInt32(i + 1), "\(h.name): ino \(h.ino)")
            #expect(h.uid == 0 && h.gid == 0 && h.devMajor == 0 && h.devMinor == 0 && h.check == 0, "\(h.name)")
            #expect(h.mtime == UInt32(Self.t0.seconds), "\(h.name): mtime \(h.mtime)")
        }
        let byName = Dictionary(uniqueKeysWithValues: headers.map { ($0.name, $0) })
        // bin holds one subdirectory: 2 + 1 links; the others 2 or 1.
        #expect(byName["bin"]?.nlink == 3)
        #expect(byName["bin/sub"]?.nlink == 2)
        #expect(byName["bin/hello"]?.nlink == 1 && byName["bin/hello"]?.size == 6)
        #expect(byName["bin/hello"]?.mode == 0o100755)
        #expect(byName["sbin"]?.mode == 0o120777 && byName["sbin"]?.size == 3)
        #expect(byName["dev/console"]?.mode == 0o020600)
        #expect(byName["dev/console"]?.rdevMajor == 5 && byName["dev/console"]?.rdevMinor == 1)
        #expect(byName["dev/ram"]?.mode == 0o060644 && byName["dev/ram"]?.rdevMinor == 1)
        // The archive ends with the trailer, padded to 4 bytes, no block padding.
        #expect(bytes.count % 4 == 0)
        // "TRAILER!!!", its NUL, 3 bytes of padding (110 + 11 bytes of header and name).
        #expect(Array(bytes.suffix(14)) == Array("TRAILER!!!".utf8) + [0, 0, 0, 0])
    }

    @Test func fileAndCpioReadTheArchive() throws {
        let folder = try HostTools.temporaryDirectory("cpio")
        defer { HostTools.cleanUp(folder) }
        let path = folder + "/a.cpio"
        try Data(try CpioWriter.write(Self.sample(), mtime: Self.t0, compression: .none)).write(to: URL(fileURLWithPath: path))
        let type = try HostTools.run(["file", "-b", path]).output
        #expect(type.hasPrefix("ASCII cpio archive (SVR4 with no CRC)"), "file says: \(type)")
        let listing = try HostTools.run(["/bin/sh", "-c", "cpio -itv --quiet < '\(path)'"])
        #expect(listing.ok, "\(listing.output)")
        let lines = listing.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 8, "\(listing.output)")
        #expect(lines.contains { $0.hasPrefix("crw-------") && $0.contains("5,") && $0.hasSuffix("dev/console") })
        #expect(lines.contains { $0.hasPrefix("lrwxrwxrwx") && $0.hasSuffix("sbin -> bin") })
        #expect(lines.contains { $0.hasPrefix("-rwxr-xr-x") && $0.contains(" root ") && $0.hasSuffix("bin/hello") })
    }

    @Test func gzipOutputIsStableAndCarriesNoTimeOrName() throws {
        let one = try CpioWriter.write(Self.sample(), mtime: Self.t0, compression: .gzip)
        // A second later: libarchive would stamp the clock into the gzip header if it could.
        Thread.sleep(forTimeInterval: 1.1)
        let two = try CpioWriter.write(Self.sample(), mtime: Self.t0, compression: .gzip)
        let same = one == two
        #expect(same, "two runs a second apart differ")
        #expect(Array(one.prefix(3)) == [0x1f, 0x8b, 8])
        // XFL 2 = maximum compression, OS 3 = Unix: what `gzip -9` writes ("from Unix, max compression").
        #expect(one[8] == 2 && one[9] == 3, "XFL \(one[8]) OS \(one[9])")
        // FLG: no FNAME (0x08) nor anything else; MTIME 0 (RFC 1952 §2.3).
        #expect(one[3] == 0, "gzip flags \(one[3])")
        #expect(Array(one[4..<8]) == [0, 0, 0, 0], "gzip mtime \(Array(one[4..<8]))")
        let plain = try CpioWriter.write(Self.sample(), mtime: Self.t0, compression: .none)
        let folder = try HostTools.temporaryDirectory("cpiogz")
        defer { HostTools.cleanUp(folder) }
        try Data(one).write(to: URL(fileURLWithPath: folder + "/a.gz"))
        let gunzipped = try HostTools.run(["/bin/sh", "-c", "zcat '\(folder)/a.gz' > '\(folder)/a.cpio'"])
        #expect(gunzipped.ok, "\(gunzipped.output)")
        let back = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/a.cpio")))
        let sameCpio = back == plain
        #expect(sameCpio, "gunzipped \(back.count) bytes, plain \(plain.count); first difference at \(zip(back, plain).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)")
    }

    @Test func aDifferentTimeChangesTheArchive() throws {
        let one = try CpioWriter.write(Self.sample(), mtime: Self.t0, compression: .gzip)
        let two = try CpioWriter.write(Self.sample(), mtime: Timestamp(seconds: Self.t0.seconds + 1), compression: .gzip)
        #expect(one != two)
    }
}
