import Testing

@testable import Builder

@Suite struct ByteSizeTests {
    @Test(arguments: [
        ("4096", UInt64(4096)), ("100K", 102_400), ("512M", 512 << 20), ("2G", 2 << 30), ("1T", 1 << 40),
        ("100KiB", 102_400), ("512MiB", 512 << 20), ("2GiB", 2 << 30), ("3TiB", 3 << 40), ("0", 0),
    ])
    func parsesBinaryUnits(text: String, bytes: UInt64) throws {
        #expect(try ByteSize.parse(text) == bytes, "\(text)")
    }

    @Test(arguments: ["", "G", "2 G", "2GB", "2g", "1.5G", "-1M", "+1M", "2X", "M2", "0x10", "２G"])
    func refusesWhatIsNotASize(text: String) {
        #expect(throws: ByteSize.ParseError.notASize, "\(text)") { try ByteSize.parse(text) }
    }

    @Test func refusesOverflow() throws {
        #expect(throws: ByteSize.ParseError.tooLarge) { try ByteSize.parse("16777216T") }
        #expect(throws: ByteSize.ParseError.tooLarge) { try ByteSize.parse("99999999999999999999") }
        #expect(try ByteSize.parse("16777215T") == 16_777_215 << 40)
    }

    @Test func formatsForPeople() {
        #expect(ByteSize.format(64 << 20) == "64 MiB")
        #expect(ByteSize.format(1000) == "1000 bytes")
        #expect(ByteSize.format(1536 << 20) == "1.5 GiB (\(UInt64(1536) << 20) bytes)")
        #expect(ByteSize.format(4096) == "4 KiB")
    }
}
