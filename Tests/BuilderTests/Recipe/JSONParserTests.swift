import Testing

@testable import Builder

@Suite struct JSONParserTests {
    func parse(_ s: String) throws -> JSONValue { try JSONParser.parse(Array(s.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let v = try parse(#" {"a": [1, -2.5e3, true, false, null, "x\n\u00e9\ud83d\ude00"], "b": {}} "#)
        #expect(
            v == .object([
                JSONMember(key: "a", value: .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("x\né😀")])),
                JSONMember(key: "b", value: .object([])),
            ]))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "expected a key"), ("[1,]", "expected a value"), ("{\"a\" 1}", "expected ':'"),
        ("01", "unexpected text"), ("\"abc", "not closed"), ("{\"a\": 1} x", "unexpected text"),
        ("\"\\q\"", "unknown escape"), ("\"\\ud800\"", "surrogate"), ("tru", "expected 'true'"),
        ("{\"k\": 1, \"k\": 2}", "appears twice"), ("\"a\tb\"", "control character"), ("1.", "digit after '.'"),
    ])
    func refusesMalformedText(text: String, message: String) {
        do {
            _ = try parse(text)
            Issue.record("'\(text)' parsed")
        } catch let e as JSONSyntaxError {
            #expect(e.message.contains(message), "\(e)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try parse("{\n  \"a\": 1,\n  \"b\": ?\n}")
            Issue.record("parsed")
        } catch let e as JSONSyntaxError {
            #expect(e.line == 3 && e.column == 8, "\(e)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
