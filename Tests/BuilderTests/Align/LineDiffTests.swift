import Testing

@testable import Builder

@Suite struct LineDiffTests {
    @Test func changedLinesWithContext() {
        let before = Array("a\nb\nc\nd\ne\nf\ng\n".utf8)
        let after = Array("a\nB\nc\nd\ne\nf\ng\nh\n".utf8)
        #expect(LineDiff.render(before: before, after: after) == [
            "    a", "  - b", "  + B", "    c", "  @@", "    g", "  + h",
        ])
    }

    @Test func newAndRemovedFiles() {
        #expect(LineDiff.render(before: nil, after: Array("x\ny\n".utf8)) == ["  + x", "  + y"])
        #expect(LineDiff.render(before: Array("x\n".utf8), after: nil) == ["  - x"])
        #expect(LineDiff.render(before: [0, 1], after: [0, 1, 2]) == ["  (binary: 2 → 3 bytes)"])
    }
}
