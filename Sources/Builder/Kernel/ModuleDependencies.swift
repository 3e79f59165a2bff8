/// modules.dep as RHEL4's depmod (module-init-tools 3.1) writes it, computed from the modules'
/// ELF symbol tables: RHEL4's kernel %post runs depmod, builder runs no guest binary, so it does
/// depmod's work itself. mkinitrd 4 reads this file with awk and needs the 3.1 format with
/// ABSOLUTE paths (§1.6 of the CentOS-4 facts):
///
///     /lib/modules/V/kernel/fs/ext3/ext3.ko: /lib/modules/V/kernel/fs/jbd/jbd.ko
///
/// A module depends on the module that exports each symbol it leaves undefined. Each line lists
/// the direct dependencies first, then theirs, breadth first (the deepest last): module-init-tools'
/// modprobe loads a line's dependencies from the last to the first, so the deepest load first;
/// mkinitrd resolves each dependency again recursively, so it needs only the set.
public enum ModuleDependencies {
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case noModules(version: String)
        case notAModule(path: String, reason: String)

        public var description: String {
            switch self {
            case .noModules(let version):
                return "/lib/modules/\(version) is missing or holds no .ko modules: the kernel \(version) needs its modules; install its kernel package (recipe \"kernel\": {\"rpm\": ...})"
            case .notAModule(let path, let reason):
                return "\(path) is not a kernel module (\(reason)); remove it or install the kernel package again"
            }
        }
    }

    /// What one module offers and needs.
    struct Module: Equatable {
        var path: String
        var exports: [String]
        var imports: [String]
    }

    /// Reads a .ko: exported symbols are those with a `__ksymtab_<name>` symbol (EXPORT_SYMBOL
    /// and EXPORT_SYMBOL_GPL both make one); a module without such symbols has its exports read
    /// from the names in `__ksymtab_strings`. Imports are its undefined symbols.
    static func module(path: String, bytes: [UInt8]) throws -> Module {
        let elf: ELFFile
        do {
            elf = try ELFFile(bytes)
        } catch {
            throw Error.notAModule(path: path, reason: "\(error)")
        }
        guard elf.type == ELFFile.typeRelocatable else {
            throw Error.notAModule(path: path, reason: "ELF type \(elf.type), not a relocatable object")
        }
        let symbols = elf.symbols.filter { !$0.name.isEmpty && !$0.isSectionOrFile }
        let prefix = "__ksymtab_"
        var exports = symbols.filter { !$0.isUndefined && $0.name.hasPrefix(prefix) }.map { String($0.name.dropFirst(prefix.count)) }
        if exports.isEmpty, let strings = elf.section(named: "__ksymtab_strings") {
            exports = elf.data(of: strings).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        }
        let imports = symbols.filter(\.isUndefined).map(\.name)
        return Module(path: path, exports: exports, imports: imports)
    }

    /// The modules.dep text for `modules` (paths as the guest sees them), one line per module,
    /// in path order. When two modules export one symbol, the first in path order provides it.
    static func modulesDep(_ modules: [Module]) -> String {
        let sorted = modules.sorted { $0.path < $1.path }
        var provider: [String: Int] = [:]
        for (i, m) in sorted.enumerated() {
            for sym in m.exports where provider[sym] == nil { provider[sym] = i }
        }
        let direct: [[Int]] = sorted.enumerated().map { i, m in
            Set(m.imports.compactMap { provider[$0] }.filter { $0 != i }).sorted { sorted[$0].path < sorted[$1].path }
        }
        var text = ""
        for i in sorted.indices {
            var listed: [Int] = []
            var seen: Set<Int> = [i]
            var queue = direct[i]
            while !queue.isEmpty {
                let d = queue.removeFirst()
                guard seen.insert(d).inserted else { continue }
                listed.append(d)
                queue += direct[d]
            }
            text += sorted[i].path + ":" + listed.map { " " + sorted[$0].path }.joined() + "\n"
        }
        return text
    }

    /// The modules.dep text for the tree's /lib/modules/`version` (every *.ko below it; symlinks
    /// such as build/ and source/ are not followed).
    public static func modulesDep(_ tree: Tree, version: String) throws -> String {
        let base = "/lib/modules/\(version)"
        guard let dir = tree.lookup(base) else { throw Error.noModules(version: version) }
        var modules: [Module] = []
        try collect(tree, dir, path: base, into: &modules)
        guard !modules.isEmpty else { throw Error.noModules(version: version) }
        return modulesDep(modules)
    }

    private static func collect(_ tree: Tree, _ id: NodeID, path: String, into modules: inout [Module]) throws {
        guard let entries = tree[id].entries else { return }
        for (name, child) in entries.sorted(by: { $0.key < $1.key }) {
            let childPath = path + "/" + name.description
            switch tree[child].kind {
            case .directory:
                try collect(tree, child, path: childPath, into: &modules)
            case .regular where name.bytes.count > 3 && name.description.hasSuffix(".ko"):
                modules.append(try module(path: childPath, bytes: try tree.bytes(of: child)))
            default:
                break
            }
        }
    }
}
