#if canImport(Glibc)
import Glibc
#endif
import Builder

/// Where the CLI writes: errors and progress to stderr, results to stdout. Every line goes
/// through `Name.printable(lines:)`: a file name, symlink target or guest-file line carried into a
/// message cannot send control sequences to the terminal, whichever message carries it.
enum Terminal {
    /// `builder: error: <what, where, what to do>`, one line per line of `text`.
    static func error(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            write(fd: 2, "builder: error: \(Name.printable(lines: String(line)))\n")
        }
    }

    static func progress(_ text: String) {
        write(fd: 2, "builder: \(Name.printable(lines: text))\n")
    }

    /// A line to stderr (hints after an error).
    static func line(_ text: String) {
        write(fd: 2, Name.printable(lines: text) + "\n")
    }

    /// A line of the command's output, to stdout.
    static func output(_ text: String) {
        write(fd: 1, Name.printable(lines: text) + "\n")
    }

    static func output(bytes: [UInt8]) throws {
        try writeAll(fd: 1, bytes)
    }

    /// Text written as it is (escape sequences included) to stderr, in one write.
    static func raw(_ text: String) {
        write(fd: 2, text)
    }

    /// Whether `fd` is a terminal (not a file or a pipe).
    static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// The width of the terminal on `fd` in columns: TIOCGWINSZ (tty_ioctl(4)), else $COLUMNS,
    /// else 80.
    static func columns(_ fd: Int32, environment: [String: String]) -> Int {
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = environment["COLUMNS"], let n = Int(text), n > 0 { return n }
        return 80
    }

    static func exit(_ code: Int32) -> Never {
        Interrupts.beforeExit()
        Glibc.exit(code)
    }

    private static func write(fd: Int32, _ text: String) {
        // A closed stderr/stdout leaves nothing to report the failure to.
        _ = try? writeAll(fd: fd, Array(text.utf8))
    }

    struct WriteFailed: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "writing the output failed: \(String(cString: strerror(code)))" }
    }

    private static func writeAll(fd: Int32, _ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteFailed(code: errno)
            }
            done += n
        }
    }
}
