import Testing

@testable import Builder

@Suite struct ListingRowTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"), (946_684_800, "2000-01-01T00:00:00Z"),
        (1_000_000_000, "2001-09-09T01:46:40Z"), (-1, "1969-12-31T23:59:59Z"),
        (-302_486_400, "1960-06-01T00:00:00Z"), (951_782_400, "2000-02-29T00:00:00Z"),
        (2_147_483_647, "2038-01-19T03:14:07Z"), (-2_147_483_648, "1901-12-13T20:45:52Z"),
        (4_102_444_800, "2100-01-01T00:00:00Z"),
    ])
    func utcTimes(seconds: Int64, text: String) {
        #expect(ListingRow.utcISO(seconds) == text)
    }

    @Test(arguments: [
        (UInt16(0o040755), "drwxr-xr-x"), (0o100644, "-rw-r--r--"), (0o104755, "-rwsr-xr-x"),
        (0o104644, "-rwSr--r--"), (0o102755, "-rwxr-sr-x"), (0o041777, "drwxrwxrwt"), (0o041776, "drwxrwxrwT"),
        (0o120777, "lrwxrwxrwx"), (0o020620, "crw--w----"), (0o060660, "brw-rw----"), (0o010644, "prw-r--r--"),
        (0o140755, "srwxr-xr-x"),
    ])
    func modeStrings(mode: UInt16, text: String) {
        #expect(ListingRow.modeString(mode) == text)
    }

    @Test func namesAreEscapedForTheTerminal() {
        #expect(ListingRow.printable(Array("ok é".utf8)) == "ok é")
        #expect(ListingRow.printable([0x61, 0xFF]) == "a\\xff")
        #expect(ListingRow.printable([0x61, 0x0A, 0x62]) == "a\\x0ab")
    }
}
