import Foundation
import Testing

@testable import Builder

/// Part of a file: what the memory check reads of an initrd (its first bytes and gzip trailer).
@Suite struct ContentReadTests {
    @Test func aRangeOfBytesInMemoryOrOfAHostFileSpan() throws {
        let text = Array("0123456789".utf8)
        let inMemory = Content.bytes(text)
        #expect(try inMemory.read(0..<4) == Array("0123".utf8))
        #expect(try inMemory.read(6..<20) == Array("6789".utf8), "clamped to the size")
        #expect(try inMemory.read(12..<20) == [])

        let dir = try HostTools.temporaryDirectory("content-read")
        defer { HostTools.cleanUp(dir) }
        try Data(Array("xx".utf8) + text).write(to: URL(fileURLWithPath: dir + "/f"))
        // A span starting 2 bytes into the host file, as a spool member is.
        let span = Content(source: .hostFile(path: dir + "/f", offset: 2), size: 10)
        #expect(try span.read(0..<8) == Array("01234567".utf8))
        #expect(try span.read(6..<10) == Array("6789".utf8))
        #expect(try span.read(0..<10) == (try span.readAll()))
    }
}
