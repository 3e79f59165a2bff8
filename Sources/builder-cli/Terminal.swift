#if canImport(Glibc)
import Glibc
#endif

/// Where the CLI writes: errors and progress to stderr, results to stdout.
enum Terminal {
    /// `builder: error: <what, where, what to do>`, one line per line of `text`.
    static func error(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            write(fd: 2, "builder: error: \(line)\n")
        }
    }

    static func progress(_ text: String) {
        write(fd: 2, "builder: \(text)\n")
    }

    /// A line to stderr (hints after an error).
    static func line(_ text: String) {
        write(fd: 2, text + "\n")
    }

    /// A line of the command's output, to stdout.
    static func output(_ text: String) {
        write(fd: 1, text + "\n")
    }

    static func output(bytes: [UInt8]) throws {
        try writeAll(fd: 1, bytes)
    }

    static func exit(_ code: Int32) -> Never {
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
