extension Initrd {
    /// /lib/modules/<kernel>/modules.dep: which modules each module needs.
    ///
    /// MK4's `moduledep()` (l.70-86) reads module-init-tools' absolute format,
    /// `/lib/modules/<k>/kernel/fs/ext3/ext3.ko: /lib/modules/<k>/kernel/fs/jbd/jbd.ko`, and takes
    /// only the module names (`match(f, /\/([^\/]+)\.k?o:?$/)`); continuation lines start with a
    /// TAB. The relative paths of later depmod versions (`kernel/fs/ext3/ext3.ko: ...`) are
    /// accepted too (MK4's awk would see no dependencies in them): paths are relative to
    /// /lib/modules/<kernel>/.
    public struct ModulesDep: Sendable, Equatable {
        public struct Record: Sendable, Equatable {
            /// The module file, in the tree ("/lib/modules/<k>/kernel/fs/ext3/ext3.ko").
            public var path: String
            /// The names of the modules it needs, in the order listed.
            public var dependencies: [String]
        }

        /// By module name ("ext3"); the first record of a name wins, as in MK4's awk.
        public private(set) var records: [String: Record] = [:]

        public init(text: String, kernel: String) {
            var current: (name: String, record: Record)?
            func finish() {
                if let c = current, records[c.name] == nil { records[c.name] = c.record }
                current = nil
            }
            // A line ending in '\' continues on the next (modutils' style); join those first.
            let lines = text.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard !fields.isEmpty else { continue }
                if line.first == " " || line.first == "\t" {
                    current?.record.dependencies += fields.compactMap(ModulesDep.moduleName)
                    continue
                }
                finish()
                if fields[0].hasPrefix("#") { continue }
                guard fields[0].hasSuffix(":"), let name = ModulesDep.moduleName(fields[0]) else { continue }
                var path = String(fields[0].dropLast())
                if !path.hasPrefix("/") { path = "/lib/modules/\(kernel)/" + path }
                current = (name, Record(path: path, dependencies: fields.dropFirst().compactMap(ModulesDep.moduleName)))
            }
            finish()
        }

        /// The module name of a path: its last component without ":" and ".ko"/".o" (and a ".gz").
        static func moduleName(_ path: String) -> String? {
            var file = Substring(path.split(separator: "/").last ?? "")
            if file.hasSuffix(":") { file = file.dropLast() }
            if file.hasSuffix(".gz") { file = file.dropLast(3) }
            for ext in [".ko", ".o"] where file.hasSuffix(ext) {
                let name = file.dropLast(ext.count)
                return name.isEmpty ? nil : String(name)
            }
            return nil
        }
    }
}
