extension Initrd {
    /// Whether the initrd starts udev, and how, as MK4 decides (l.52-58, 337-338): when the guest
    /// has /etc/udev/udev.conf, with USE_UDEV, UDEV_TMPFS and UDEV_KEEP_DEV "yes" unless udev.conf
    /// sets them (MK4 sources it), and only if /sbin/udev.static is executable. As in the shell,
    /// a variable is on when it is not empty (`[ -n "$UDEV_TMPFS" ]`).
    public struct Udev: Sendable, Equatable {
        /// Mount a tmpfs on the initrd's /dev and make console, null and zero in it.
        public var tmpfs: Bool
        /// Bind the initrd's /dev onto the new root's /dev before switchroot.
        public var keepDev: Bool

        public init(tmpfs: Bool, keepDev: Bool) {
            self.tmpfs = tmpfs
            self.keepDev = keepDev
        }

        /// The settings from udev.conf's text, or nil when it turns udev off (USE_UDEV="").
        public init?(udevConf: String) {
            var values = ["USE_UDEV": "yes", "UDEV_TMPFS": "yes", "UDEV_KEEP_DEV": "yes"]
            for line in udevConf.split(separator: "\n") {
                let text = line.drop { $0 == " " || $0 == "\t" }
                guard let eq = text.firstIndex(of: "=") else { continue }
                let key = String(text[..<eq])
                guard values[key] != nil else { continue }
                values[key] = Udev.shellWord(text[text.index(after: eq)...])
            }
            guard values["USE_UDEV"]?.isEmpty == false else { return nil }
            self.init(tmpfs: values["UDEV_TMPFS"]?.isEmpty == false, keepDev: values["UDEV_KEEP_DEV"]?.isEmpty == false)
        }

        /// The value of a simple shell assignment: up to blank or '#', quotes removed.
        private static func shellWord(_ s: Substring) -> String {
            if let quote = s.first, quote == "\"" || quote == "'" {
                return String(s.dropFirst().prefix { $0 != quote })
            }
            return String(s.prefix { $0 != " " && $0 != "\t" && $0 != "#" && $0 != ";" })
        }

        static let confPath = "/etc/udev/udev.conf"
        static let programPath = "/sbin/udev.static"
    }
}
