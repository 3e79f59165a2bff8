import Builder
import Foundation

/// Progress bars on a terminal (stderr): one line per guest being baked, redrawn in place with
/// ANSI escapes (ECMA-48: CUU moves the cursor up, ED clears to the end of the screen), and a
/// line that stays for each guest that ended:
///
///     ok sample -> out/sample
///     c4-web   [##########..........] 4/7 writing sda1.img (ext3 for /, size auto)
///
/// Guests may run at once; events come from their threads, so all state sits behind one lock.
/// Redraws of the bars are throttled; a skipped one is done a moment later, so the screen never
/// stays behind a step that takes long.
final class ProgressBars: EventRenderer, @unchecked Sendable {
    private struct Bar {
        var key: String
        var guest: String
        var steps: Int
        var index = 0
        var text = "starting"
    }

    private static let barWidth = 20
    private static let interval: Duration = .milliseconds(100)

    private let lock = NSLock()
    private let columns: @Sendable () -> Int
    /// When stdout is not the terminal too, it receives each finished guest's folder (as in plain
    /// mode), for a script reading it.
    private let foldersToStdout: Bool
    private var bars: [Bar] = []
    private var nameWidth = 0
    /// How many bar lines are on the screen above the cursor.
    private var drawn = 0
    private var lastDraw: ContinuousClock.Instant?
    private var redrawPending = false
    private var finished = false

    init(columns: @escaping @Sendable () -> Int) {
        self.columns = columns
        foldersToStdout = !Terminal.isTerminal(1)
    }

    func recipeError(_ error: RecipeError) {
        lock.withLock { Terminal.error(error.description) }
    }

    func conflict(_ message: String, recipes: [String]) {
        lock.withLock { Terminal.error(message) }
    }

    func render(_ event: BakeEvent) {
        lock.withLock {
            let key = event.recipe + "\u{0}" + event.guest
            var lines: [String] = []
            switch event.kind {
            case .started(let steps):
                bars.append(Bar(key: key, guest: event.guest, steps: steps))
                nameWidth = min(24, max(nameWidth, event.guest.count))
            case .step(let text):
                guard let i = bars.firstIndex(where: { $0.key == key }) else { return }
                bars[i].index += 1
                bars[i].text = text
                draw(force: false)
                return
            case .warning(let text):
                lines.append("warning \(event.guest): \(text)")
            case .finished(let folder):
                bars.removeAll { $0.key == key }
                lines.append("ok \(event.guest) -> \(folder)")
                if foldersToStdout { Terminal.output(folder) }
            case .failed(let message):
                bars.removeAll { $0.key == key }
                let parts = message.split(separator: "\n", omittingEmptySubsequences: false)
                lines.append("FAILED \(event.guest): \(parts.first ?? "")")
                lines += parts.dropFirst().map { "    \($0)" }
            }
            draw(lines: lines, force: true)
        }
    }

    func finish(_ outcomes: [Batch.Outcome], exitCode: Int32) {
        lock.withLock {
            bars = []
            draw(lines: outcomes.isEmpty ? [] : [BatchSummary.line(outcomes)], force: true)
            finished = true
        }
    }

    /// Writes `lines` above the bars, then the bars, in one write. Call with the lock held.
    private func draw(lines: [String] = [], force: Bool) {
        guard !finished else { return }
        let now = ContinuousClock.now
        if !force, let last = lastDraw, now - last < Self.interval {
            if !redrawPending {
                redrawPending = true
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
                    lock.withLock {
                        redrawPending = false
                        draw(force: true)
                    }
                }
            }
            return
        }
        lastDraw = now
        let width = max(20, columns())
        var text = drawn > 0 ? "\r\u{1B}[\(drawn)A" : "\r"
        text += "\u{1B}[J"
        for line in lines {
            // The lines that stay are not cut: the terminal wraps them, and they are not redrawn.
            text += Self.visible(line) + "\n"
        }
        for bar in bars {
            // A bar must fit one row: a wrapped one would break the count of rows to move up.
            text += String(Self.visible(line(for: bar)).prefix(width - 1)) + "\n"
        }
        drawn = bars.count
        Terminal.raw(text)
    }

    private func line(for bar: Bar) -> String {
        let done = bar.steps > 0 ? min(bar.index, bar.steps) * Self.barWidth / bar.steps : 0
        let name =
            bar.guest.count < nameWidth
            ? bar.guest + String(repeating: " ", count: nameWidth - bar.guest.count) : bar.guest
        let meter = String(repeating: "#", count: done) + String(repeating: ".", count: Self.barWidth - done)
        return "\(name) [\(meter)] \(min(bar.index, bar.steps))/\(bar.steps) \(bar.text)"
    }

    /// `text` with control characters escaped (`Name.printable`, as every message): a file name
    /// from a tarball must not move the cursor or change the terminal's state, nor break a bar's row.
    static func visible(_ text: String) -> String {
        Name.printable(Array(text.utf8))
    }
}
