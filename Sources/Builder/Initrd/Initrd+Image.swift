extension Initrd {
    /// Everything that goes into a kernel's initrd, gathered from the guest tree, and the cpio
    /// archive that holds it.
    ///
    /// Members as MK4 makes them (l.592-631): directories lib bin etc dev loopfs proc sys sysroot,
    /// `sbin -> bin`; bin/nash and bin/insmod from the guest's /sbin/nash and /sbin/insmod.static;
    /// `modprobe -> /sbin/nash` (MK4 makes sbin/modprobe, which the sbin link puts in bin/); with
    /// udev, bin/udev from /sbin/udev.static, `udevstart -> udev`, etc/udev/udev.conf,
    /// `hotplug -> /sbin/nash`; the modules flat in lib/; the static device nodes; /init.
    /// Copied files keep their mode less group and other write and the set-id bits (`cp` under
    /// root's umask 022), device nodes are 0644 (`mknod` under that umask), owner root. Modules
    /// are copied as they are: MK4 ran `strip -g` on them, builder runs no guest tools.
    public struct Image: Sendable {
        public var modules: ModuleList
        public var udev: Udev?
        public var script: InitScript
        public var archive: CpioArchive

        /// The device nodes MK4 makes (l.625-631), plus /dev/xvc0 (c 204 191, the Xen console
        /// of RHEL4/5 xenU kernels, as RHEL4's installer images make it) when the kernel's console
        /// is xvc0: builder's addition, so that the console device exists before udev runs.
        static func deviceNodes(console: String) -> [(name: String, kind: CpioArchive.Entry.Kind)] {
            var nodes: [(String, CpioArchive.Entry.Kind)] = [
                ("console", .characterDevice(DeviceNumber(major: 5, minor: 1))),
                ("null", .characterDevice(DeviceNumber(major: 1, minor: 3))),
                ("ram", .blockDevice(DeviceNumber(major: 1, minor: 1))),
                ("systty", .characterDevice(DeviceNumber(major: 4, minor: 0))),
            ]
            for i in UInt32(1)...4 { nodes.append(("tty\(i)", .characterDevice(DeviceNumber(major: 4, minor: i)))) }
            if console == "xvc0" { nodes.append(("xvc0", .characterDevice(DeviceNumber(major: 204, minor: 191)))) }
            return nodes
        }

        public init(tree: Tree, kernel: GuestKernel, preload: [String]) throws {
            let nash = try Image.program(tree, "/sbin/nash", package: "mkinitrd")
            let insmod = try Image.program(tree, "/sbin/insmod.static", package: "module-init-tools")

            guard let fstab = try Image.regularFile(tree, "/etc/fstab") else { throw Error.noFstab }
            let root = try RootFilesystem(fstab: String(decoding: fstab.bytes, as: UTF8.self))

            // MK4 falls back to the 2.4 name when modprobe.conf is missing (l.398-400).
            let conf = try Image.regularFile(tree, "/etc/modprobe.conf") ?? Image.regularFile(tree, "/etc/conf.modules")
            let modprobe = ModprobeConf(text: conf.map { String(decoding: $0.bytes, as: UTF8.self) } ?? "")

            let files = try ModuleFiles(tree: tree, kernel: kernel.version)
            guard let dep = try Image.regularFile(tree, "/lib/modules/\(kernel.version)/modules.dep") else {
                throw Error.noModulesDep(kernel: kernel.version)
            }
            let dependencies = ModulesDep(text: String(decoding: dep.bytes, as: UTF8.self), kernel: kernel.version)
            modules = try ModuleList(
                kernel: kernel.version, preload: preload, modprobe: modprobe, rootType: root.type,
                dependencies: dependencies, files: files)

            var udevFiles: (program: (bytes: [UInt8], permissions: UInt16), conf: (bytes: [UInt8], permissions: UInt16))?
            if let udevConf = try Image.regularFile(tree, Udev.confPath),
                let program = try Image.regularFile(tree, Udev.programPath), program.permissions & 0o111 != 0
            {
                udev = Udev(udevConf: String(decoding: udevConf.bytes, as: UTF8.self))
                if udev != nil { udevFiles = (program, udevConf) }
            }
            script = InitScript(modules: modules.modules, udev: udev, root: root)

            var members: [CpioArchive.Entry] = []
            for dir in ["lib", "bin", "etc", "dev", "loopfs", "proc", "sys", "sysroot"] {
                members.append(.init(dir, .directory, permissions: 0o755))
            }
            members.append(.init("sbin", .symlink(Array("bin".utf8)), permissions: 0o777))
            members.append(Image.copy("bin/nash", nash))
            members.append(Image.copy("bin/insmod", insmod))
            members.append(.init("bin/modprobe", .symlink(Array("/sbin/nash".utf8)), permissions: 0o777))
            if let udevFiles {
                members.append(Image.copy("bin/udev", udevFiles.program))
                members.append(.init("bin/udevstart", .symlink(Array("udev".utf8)), permissions: 0o777))
                members.append(.init("etc/udev", .directory, permissions: 0o755))
                members.append(Image.copy("etc/udev/udev.conf", udevFiles.conf))
                members.append(.init("bin/hotplug", .symlink(Array("/sbin/nash".utf8)), permissions: 0o777))
            }
            for module in modules.modules {
                guard let file = try files.file(module.path) else {
                    throw Error.missingModule(name: module.name, kernel: kernel.version, neededBy: nil)
                }
                members.append(Image.copy("lib/\(module.fileName)", file))
            }
            for node in Image.deviceNodes(console: kernel.console) {
                members.append(.init("dev/\(node.name)", node.kind, permissions: 0o644))
            }
            members.append(.init("init", .file(Array(script.text.utf8)), permissions: 0o755))

            // Parents before children, names in byte order: a stable order the kernel's unpacker
            // accepts (MK4's `find .` gave directory order).
            members.sort { a, b in
                let pa = a.path.split(separator: "/").map { Array($0.utf8) }
                let pb = b.path.split(separator: "/").map { Array($0.utf8) }
                return pa.lexicographicallyPrecedes(pb) { $0.lexicographicallyPrecedes($1) }
            }
            archive = CpioArchive()
            for member in members { archive.append(member) }
        }

        private static func copy(_ path: String, _ file: (bytes: [UInt8], permissions: UInt16)) -> CpioArchive.Entry {
            CpioArchive.Entry(path, .file(file.bytes), permissions: file.permissions & 0o755)
        }

        private static func program(_ tree: Tree, _ path: String, package: String) throws -> (bytes: [UInt8], permissions: UInt16) {
            guard let file = try regularFile(tree, path) else { throw Error.missingProgram(path: path, package: package) }
            return file
        }

        /// The regular file at `path` (symlinks followed inside the tree), or nil.
        static func regularFile(_ tree: Tree, _ path: String) throws -> (bytes: [UInt8], permissions: UInt16)? {
            guard let id = tree.resolve(path), case .regular = tree[id].kind else { return nil }
            return (try tree.bytes(of: id), tree[id].permissions)
        }
    }
}
