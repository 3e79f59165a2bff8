extension Initrd {
    /// The two things MK4 reads from the guest's /etc/modprobe.conf: the disk controller aliases
    /// and the options of each module it loads.
    public struct ModprobeConf: Sendable, Equatable {
        public var text: String

        public init(text: String) { self.text = text }

        /// The modules of `alias scsi_hostadapter* X` lines, as MK4 l.403 picks them:
        /// `grep "alias[[:space:]]\+scsi_hostadapter" | grep -v '^[ \t]*#' | LC_ALL=C sort -u |
        /// awk '{ print $3 }'` — whole lines sorted bytewise, duplicates dropped, third field.
        public var scsiHostAdapters: [String] {
            let lines = text.split(separator: "\n").map(String.init).filter { line in
                ModprobeConf.hasHostAdapterAlias(line) && !ModprobeConf.isComment(line)
            }
            let sorted = Set(lines).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return sorted.compactMap { line in
                let fields = ModprobeConf.fields(line)
                return fields.count >= 3 ? fields[2] : nil
            }
        }

        /// What follows `options <module>` (MK4 l.691: backslash-continued lines joined, then
        /// `s/^options[ \t][ \t]*$module[ \t][ \t]*//p`), or "" when there is no such line. Several
        /// lines for one module are joined with a space (MK4 would put a newline into the script).
        public func options(for module: String) -> String {
            let joined = text.replacingOccurrences(of: "\\\n", with: "")
            var found: [String] = []
            for line in joined.split(separator: "\n") {
                var rest = Substring(line)
                guard rest.hasPrefix("options"), let afterKeyword = ModprobeConf.dropBlanks(rest.dropFirst(7)) else {
                    continue
                }
                rest = afterKeyword
                guard rest.hasPrefix(module), let value = ModprobeConf.dropBlanks(rest.dropFirst(module.count)) else {
                    continue
                }
                found.append(String(value))
            }
            return found.joined(separator: " ")
        }

        /// `s` without its leading spaces and TABs, or nil when it has none (sed's `[ \t][ \t]*`).
        private static func dropBlanks(_ s: Substring) -> Substring? {
            let rest = s.drop { $0 == " " || $0 == "\t" }
            return rest.count < s.count ? rest : nil
        }

        /// grep's `alias[[:space:]]\+scsi_hostadapter` anywhere in the line.
        private static func hasHostAdapterAlias(_ line: String) -> Bool {
            var rest = Substring(line)
            while let r = rest.range(of: "alias") {
                let after = rest[r.upperBound...]
                let text = after.drop { $0 == " " || $0 == "\t" }
                if text.count < after.count && text.hasPrefix("scsi_hostadapter") { return true }
                rest = after
            }
            return false
        }

        private static func isComment(_ line: String) -> Bool {
            line.drop { $0 == " " || $0 == "\t" }.hasPrefix("#")
        }

        static func fields(_ line: String) -> [String] {
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
    }
}
