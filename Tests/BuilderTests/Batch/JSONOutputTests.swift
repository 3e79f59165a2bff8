import Foundation
import Testing

@testable import Builder

/// The JSON builder writes for machines is read back as written by Foundation's JSON reader, and
/// by Python's json module (the independent oracle), whatever the strings hold.
@Suite struct JSONOutputTests {
    static let awkward = [
        "plain", "quote \" and backslash \\ and slash /", "line\nbreak\r\ttab",
        "\u{00}\u{01}\u{08}\u{0C}\u{1B}[2J\u{1F}\u{7F}",
        "ünïcödé – 漢字 🐧", "\u{2028}\u{2029}", "",
    ]

    static var document: JSONOutput {
        .object([
            .init("event", "step"),
            .init("strings", .array(awkward.map { .string($0) })),
            .init("n", -42), .init("ok", true), .init("none", .null),
            .init("key \"quoted\"\n", .object([])),
        ])
    }

    @Test func theTextIsOneLineWithEveryControlCharacterEscaped() {
        let text = Self.document.text
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(text)")
        #expect(
            text.hasPrefix(
                #"{"event":"step","strings":["plain","quote \" and backslash \\ and slash /","line\nbreak\r\ttab","\u0000\u0001\b\f\u001b[2J\u001f\u007f""#
            ), "\(text)")
        #expect(text.contains("ünïcödé – 漢字 🐧"), "non-ASCII stays UTF-8")
    }

    @Test func foundationReadsBackWhatWasWritten() throws {
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(Self.document.text.utf8)) as? [String: Any])
        #expect(parsed["strings"] as? [String] == Self.awkward)
        #expect(parsed["n"] as? Int == -42)
        #expect(parsed["ok"] as? Bool == true)
        #expect(parsed["none"] is NSNull)
        #expect(parsed["key \"quoted\"\n"] as? [String: Any] != nil)
    }

    @Test func pythonReadsBackWhatWasWritten() throws {
        let dir = try CLIHarness.scratch("jsonoutput")
        defer { CLIHarness.remove(dir) }
        let expected = JSONOutput.array(Self.awkward.map { .string($0) })
        try CLIHarness.write(Self.document.text + "\n", to: dir + "/doc.json")
        // Python re-encodes the strings list with ensure_ascii (\uXXXX only), and so does the check:
        // both sides agree only if every character survived.
        let script = "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d['strings']))"
        let r = try CLIHarness.run("/usr/bin/python3", ["-c", script, dir + "/doc.json"])
        #expect(r.status == 0, "\(r.stderr)")
        let back = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String])
        #expect(back == Self.awkward, "\(r.out) vs \(expected.text)")
    }
}
