extension Recipe {
    /// What `builder smoke RECIPE` checks on the guest's console (`"smoke"`); the command line's
    /// --expect, --fail and --timeout take precedence.
    public struct Smoke: Sendable, Equatable {
        /// Shown on a console that is up: the prompt of a getty, by default.
        public static let defaultExpect = "login:"
        /// Shown on a console that will never get there: a kernel panic, systemd's emergency mode
        /// (a mount in fstab that failed), sysvinit's maintenance shell (a failed fsck).
        public static let defaultFail = "Kernel panic|You are in emergency mode|Give root password for maintenance"
        public static let defaultTimeout = 300

        /// An extended regular expression (grep -E) the console must show.
        public var expect: String = defaultExpect
        /// One that ends the boot at once as failed; empty: none.
        public var fail: String = defaultFail
        /// Seconds from `xl create` until `expect` must show.
        public var timeout: Int = defaultTimeout

        public init() {}

        /// Why `pattern` cannot be given to grep -E in a file of its own, or nil: it must sit on one
        /// line (the dom0 script reads one pattern per line) and may not be empty when required.
        public static func patternProblem(_ pattern: String, mayBeEmpty: Bool) -> String? {
            if pattern.isEmpty && !mayBeEmpty { return "it is empty; give the text the console must show" }
            if pattern.contains(where: \.isNewline) { return "it spans lines; give one extended regular expression on one line" }
            return nil
        }
    }

    static let smokeKeys = ["expect", "fail", "timeout"]

    static func decodeSmoke(_ field: JSONField?, _ issues: inout [RecipeIssue]) -> Smoke? {
        var smoke = Smoke()
        guard let field else { return smoke }
        guard var obj = ObjectReader(field, &issues) else { return nil }
        var ok = true
        for (key, mayBeEmpty) in [("expect", false), ("fail", true)] {
            guard let f = obj.field(key) else { continue }
            guard let s = f.string(&issues) else {
                ok = false
                continue
            }
            if let problem = Smoke.patternProblem(s, mayBeEmpty: mayBeEmpty) {
                issues.append(RecipeIssue(f.path, "found \(f.value.shortText): \(problem)"))
                ok = false
            } else if key == "expect" {
                smoke.expect = s
            } else {
                smoke.fail = s
            }
        }
        if let f = obj.field("timeout") {
            if let n = f.integer(in: 10...86_400, &issues) { smoke.timeout = Int(n) } else { ok = false }
        }
        obj.reportUnknownKeys(allowed: smokeKeys, &issues)
        return ok ? smoke : nil
    }
}
