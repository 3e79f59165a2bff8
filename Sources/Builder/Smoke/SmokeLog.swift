/// What the host reads from the serial log (Xen, dom0's kernel and the dom0 script, interleaved).
public struct SmokeLog: Sendable, Equatable {
    public struct Result: Sendable, Equatable {
        public var guest: String
        /// nil when dom0 printed a status this version does not know.
        public var status: SmokeStatus?
        public var statusText: String
        public var seconds: Int
    }

    public var result: Result?
    /// The exit status dom0 printed with its last line, if it got there.
    public var doneStatus: Int?
    /// The guest console's last lines, as dom0 printed them (`readable` makes them fit to show).
    public var console: [String]
    /// dom0-side logs dom0 printed (xl, hotplug, xl dmesg), each "FILE: line".
    public var dom0Logs: [String]
    /// The progress lines of the dom0 script.
    public var progress: [String]
    /// Every other line (Xen and the dom0 kernel), carriage returns removed.
    public var other: [String]

    /// Scans a whole serial log. A marker counts from its first place in a line: dom0's console
    /// output reaches com1 through Xen, which may have begun a line of its own there.
    public init(scanning text: String) {
        result = nil
        doneStatus = nil
        console = []
        dom0Logs = []
        progress = []
        other = []
        // A serial line ends in "\r\n", which Swift reads as one Character: split on both.
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = Substring(raw.filter { $0 != "\r" })
            guard var marked = line.fromFirst(SmokeLog.markerStem) else {
                other.append(String(line))
                continue
            }
            // A console line without its newline ("login: ") runs into the next marker: each
            // marker's text ends where the next one starts.
            while true {
                let next = marked.dropFirst().fromFirst(SmokeLog.markerStem)
                let piece = next.map { marked[..<$0.startIndex] } ?? marked
                take(piece, line: line)
                guard let next else { break }
                marked = next
            }
        }
    }

    static let markerStem = "BUILDER-SMOKE"

    private mutating func take(_ marked: Substring, line: Substring) {
        if let rest = marked.after(SmokeMarker.console) {
            console.append(String(rest))
        } else if let rest = marked.after(SmokeMarker.dom0Log) {
            dom0Logs.append(String(rest))
        } else if let rest = marked.after(SmokeMarker.progress) {
            progress.append(String(rest))
        } else if let rest = marked.after(SmokeMarker.result) {
            result = SmokeLog.parseResult(rest)
        } else if let rest = marked.after(SmokeMarker.done) {
            doneStatus = rest.hasPrefix("rc=") ? Int(rest.dropFirst(3).prefix { $0.isNumber }) : nil
        } else {
            other.append(String(line))
        }
    }

    /// The last `count` lines of Xen's and dom0's own output (no marker lines).
    public func xenAndDom0Tail(_ count: Int) -> [String] { Array(other.suffix(count)) }

    /// "guest=NAME status=STATUS seconds=N".
    static func parseResult(_ text: Substring) -> Result? {
        var fields: [Substring: Substring] = [:]
        for word in text.split(separator: " ") {
            guard let eq = word.firstIndex(of: "=") else { continue }
            fields[word[..<eq]] = word[word.index(after: eq)...]
        }
        guard let guest = fields["guest"], let status = fields["status"] else { return nil }
        return Result(
            guest: String(guest), status: SmokeStatus(rawValue: String(status)), statusText: String(status),
            seconds: fields["seconds"].flatMap { Int($0) } ?? 0)
    }
}

extension Substring {
    fileprivate func after(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }

    /// The rest of the line from the first place `needle` starts.
    fileprivate func fromFirst(_ needle: String) -> Substring? {
        var rest = self[...]
        while !rest.isEmpty {
            if rest.hasPrefix(needle) { return rest }
            rest = rest.dropFirst()
        }
        return nil
    }
}
