/// A GRUB-legacy boot menu (Red Hat's /boot/grub/grub.conf), in the form Xen's PyGrub reads:
/// `default`, `timeout`, then one `title` stanza per kernel with its `kernel` and `initrd` lines.
///
/// PyGrub (tools/pygrub/src/GrubConf.py, `GrubConfigFile.parse`) takes a `title` line as the start
/// of an entry, `kernel PATH ARGS` and `initrd PATH` inside it, and uses the paths as they are on
/// the filesystem that holds the menu; `root (hdX,Y)` lines are parsed but never used, so none is
/// written (the CentOS wiki's menu for PyGrub has none either).
public struct BootMenu: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var title: String
        /// The kernel's path on the filesystem that holds the menu.
        public var kernel: String
        /// The kernel command line.
        public var args: String
        /// The initrd's path on that filesystem; nil for a kernel that boots without one.
        public var initrd: String?

        public init(title: String, kernel: String, args: String, initrd: String?) {
            self.title = title
            self.kernel = kernel
            self.args = args
            self.initrd = initrd
        }
    }

    /// Seconds the menu waits before it boots entry 0 (PyGrub counts it down in interactive mode).
    public var timeout: Int
    /// Entry 0 is the default.
    public var entries: [Entry]

    public init(timeout: Int, entries: [Entry]) {
        self.timeout = timeout
        self.entries = entries
    }

    /// The file's text; tabs indent the entry lines, as anaconda and grubby write them. Every
    /// value is checked for the menu's syntax first (`GuestFileSyntax.grubMenu`): a title or path
    /// read from the image, or arguments from the recipe, holding a line break would add entries.
    public func text(file: String = "/boot/grub/menu.lst") throws(GuestFileValueError) -> String {
        let syntax = GuestFileSyntax.grubMenu
        for entry in entries {
            try syntax.check(entry.title, what: "the menu title", file: file)
            try syntax.check(entry.kernel, what: "the kernel path", file: file)
            try syntax.check(entry.args, what: "the kernel command line", file: file)
            if let initrd = entry.initrd { try syntax.check(initrd, what: "the initrd path", file: file) }
        }
        var lines = [
            "# Written by builder for Xen's PyGrub: the kernels below run as Xen guests; entry 0 boots.",
            "default 0",
            "timeout \(timeout)",
        ]
        for entry in entries {
            lines.append("title \(entry.title)")
            lines.append("\tkernel \(entry.kernel)" + (entry.args.isEmpty ? "" : " \(entry.args)"))
            if let initrd = entry.initrd { lines.append("\tinitrd \(initrd)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The titles of the entries of a GRUB-legacy menu's text, in order (how a menu about to be
    /// replaced is described in the report).
    public static func titles(in text: String) -> [String] {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return text.split(separator: "\n").compactMap { line in
            let words = line.drop(while: blank)
            guard words.hasPrefix("title"), let separator = words.dropFirst(5).first,
                blank(separator) || separator == "="
            else { return nil }
            let title = String(words.dropFirst(6).drop(while: blank).reversed().drop(while: blank).reversed())
            return title.isEmpty ? nil : title
        }
    }
}
