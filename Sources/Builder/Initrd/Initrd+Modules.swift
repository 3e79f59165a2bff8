extension Initrd {
    /// One kernel module the initrd loads.
    public struct Module: Sendable, Equatable {
        /// "xenblk".
        public var name: String
        /// Where it is in the guest tree.
        public var path: GuestPath
        /// Its `options` from /etc/modprobe.conf, for its insmod line ("" for none).
        public var options: String

        /// Its name in the initrd's /lib ("xenblk.ko"): MK4 copies modules flat (l.615-621).
        public var fileName: String { path.last?.description ?? name + ".ko" }
    }

    /// MK4's `$MODULES`: the modules the initrd loads, in insmod order, each once, every module
    /// after the modules it needs (`findmodule`, l.88-186, called recursively for the names
    /// modules.dep lists).
    public struct ModuleList: Sendable, Equatable {
        public private(set) var modules: [Module] = []
        /// Optional modules that are not in the tree (MK4 skips them silently: built into the
        /// kernel, or not needed).
        public private(set) var skipped: [String] = []

        /// The modules MK4 picks for a guest whose disk is a Xen virtual disk, in its order:
        /// 1. `--preload` modules (l.362-364): the recipe's kernel.preload, xenblk by default;
        /// 2. when /etc/modprobe.conf has `alias scsi_hostadapter*` lines (l.397-417): scsi_mod and
        ///    sd_mod (their absence ignored, PRESCSIMODS l.49/166-171), then each aliased module;
        /// 3. the root filesystem's module, optional (`findmodule -${rootfs}`, l.522).
        /// Left out, because they describe the machine mkinitrd runs on, not a Xen guest: USB
        /// storage (from `mount` and kudzu), IDE (l.420-423: MK4 tests an unexpanded glob, so it
        /// always asks for an optional ide-disk; a domU has no IDE disk), LVM and device-mapper
        /// (from /proc/lvm and dmsetup; the aligned fstab names a Xen disk), RAID (from
        /// /proc/mdstat).
        public init(
            kernel: String, preload: [String], modprobe: ModprobeConf, rootType: String, dependencies: ModulesDep,
            files: ModuleFiles
        ) throws {
            var resolver = Resolver(kernel: kernel, modprobe: modprobe, dependencies: dependencies, files: files)
            for name in preload { try resolver.find(name, optional: false) }
            let adapters = modprobe.scsiHostAdapters
            if !adapters.isEmpty {
                for name in ["scsi_mod", "sd_mod"] { try resolver.find(name, optional: true) }
                for name in adapters { try resolver.find(name, optional: false) }
            }
            try resolver.find(rootType, optional: true)
            modules = resolver.modules
            skipped = resolver.skipped
        }

        private struct Resolver {
            let kernel: String
            let modprobe: ModprobeConf
            let dependencies: ModulesDep
            let files: ModuleFiles
            var modules: [Module] = []
            var skipped: [String] = []

            /// scsi_mod and sd_mod may be missing wherever they are asked for (MK4 l.166-171).
            static let absenceIgnored: Set<String> = ["scsi_mod", "sd_mod"]

            mutating func find(_ name: String, optional: Bool, neededBy: String? = nil, chain: [String] = []) throws {
                if modules.contains(where: { $0.name == name }) || skipped.contains(name) { return }
                if chain.contains(name) { throw Error.dependencyCycle(modules: chain + [name], kernel: kernel) }
                guard let path = files.locate(name, listed: dependencies.records[name]?.path) else {
                    if optional || Resolver.absenceIgnored.contains(name) {
                        skipped.append(name)
                        return
                    }
                    throw Error.missingModule(name: name, kernel: kernel, neededBy: neededBy)
                }
                for dependency in dependencies.records[name]?.dependencies ?? [] {
                    try find(dependency, optional: false, neededBy: name, chain: chain + [name])
                }
                modules.append(Module(name: name, path: path, options: modprobe.options(for: name)))
            }
        }
    }

    /// The module files under /lib/modules/<kernel>, found as MK4 finds them (l.145-159): by file
    /// name, /lib/modules/<kernel>/updates first, then (for builder, which can) the path
    /// modules.dep gives, then anywhere under /lib/modules/<kernel> (in byte order of names; nash's
    /// `find` used directory order).
    public struct ModuleFiles: Sendable {
        /// File name ("ext3.ko") → paths in walk order: under updates/, and anywhere.
        private var inUpdates: [String: [GuestPath]] = [:]
        private var anywhere: [String: [GuestPath]] = [:]
        private let tree: Tree

        public init(tree: Tree, kernel: String) throws {
            self.tree = tree
            let top = try GuestPath("/lib/modules/\(kernel)")
            guard let id = tree.resolve(top), tree[id].isDirectory else { throw Error.noModuleDirectory(kernel: kernel) }
            var updates: [String: [GuestPath]] = [:]
            var rest: [String: [GuestPath]] = [:]
            func visit(_ id: NodeID, _ path: GuestPath, inUpdates: Bool) {
                guard let entries = tree[id].entries else { return }
                for (name, child) in entries.sorted(by: { $0.key < $1.key }) {
                    let childPath = path.appending(name)
                    switch tree[child].kind {
                    case .directory:
                        visit(child, childPath, inUpdates: inUpdates || (path == top && name.description == "updates"))
                    case .regular:
                        if inUpdates { updates[name.description, default: []].append(childPath) }
                        rest[name.description, default: []].append(childPath)
                    default:
                        continue
                    }
                }
            }
            visit(id, top, inUpdates: false)
            inUpdates = updates
            anywhere = rest
        }

        /// The file of module `name` (`name.ko`, else `name.o`), or nil. `listed` is the path
        /// modules.dep gives for it.
        func locate(_ name: String, listed: String?) -> GuestPath? {
            for ext in ["ko", "o"] {
                let file = "\(name).\(ext)"
                if let path = inUpdates[file]?.first { return path }
                let candidates = anywhere[file] ?? []
                if let listed, let path = try? GuestPath(listed), candidates.contains(path) { return path }
                if let path = candidates.first { return path }
            }
            return nil
        }

        /// The bytes and permissions of a module file.
        func file(_ path: GuestPath) throws -> (bytes: [UInt8], permissions: UInt16)? {
            guard let id = tree.resolve(path) else { return nil }
            return (try tree.bytes(of: id), tree[id].permissions)
        }
    }
}
