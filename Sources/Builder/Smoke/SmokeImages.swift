/// The disks and the initramfs of a smoke boot, written by builder itself: the dom0 root and the
/// guest disk by the ext writer, the initramfs by the cpio writer.
public enum SmokeImages {
    /// The digest that names the cached dom0 image and initramfs: it changes with the scripts
    /// inside them, so a new builder never boots an old script.
    public static var scriptsDigest: String {
        String(FileDigest.sha256(Array((SmokeScripts.initramfsInit + SmokeScripts.dom0Init).utf8)).prefix(12))
    }

    /// The initramfs: busybox and its applet links, the modules in load order (dependencies
    /// first, from modules.dep), their order in /modules.order, and /init.
    public static func dom0Initramfs(kernelModules: String, release: String, busybox: String) throws -> [UInt8] {
        let depText = String(decoding: try HostPaths.readAll(kernelModules + "/modules.dep"), as: UTF8.self)
        let order = try loadOrder(Dom0Plan.initramfsModules, in: Initrd.ModulesDep(text: depText, kernel: release))
        var archive = CpioArchive()
        for dir in ["bin", "sbin", "dev", "proc", "sys", "newroot", "lib", "lib/modules", "lib/modules/" + release] {
            archive.directory(dir)
        }
        archive.file("bin/busybox", try HostPaths.readAll(busybox), permissions: 0o755)
        for applet in Dom0Plan.initramfsApplets { archive.symlink("bin/" + applet, to: "busybox") }
        var made: Set<String> = Set(["lib/modules/" + release])
        for path in order {
            // "/lib/modules/<release>/kernel/fs/ext4/ext4.ko": make each parent folder once.
            let relative = String(path.dropFirst())
            var parent = ""
            for part in relative.split(separator: "/").dropLast() {
                parent += (parent.isEmpty ? "" : "/") + part
                if made.insert(parent).inserted, !archive.contains(parent) { archive.directory(parent) }
            }
            let inKernel = String(path.dropFirst("/lib/modules/\(release)/".count))
            archive.file(relative, try HostPaths.readAll(kernelModules + "/" + inKernel), permissions: 0o644)
        }
        archive.file("modules.order", Array((order.joined(separator: "\n") + "\n").utf8), permissions: 0o644)
        archive.file("init", Array(SmokeScripts.initramfsInit.utf8), permissions: 0o755)
        return try CpioWriter.write(archive, mtime: Timestamp(seconds: 0), compression: .gzip)
    }

    /// The module files for `names` in an order insmod accepts: each after what it needs.
    static func loadOrder(_ names: [String], in dep: Initrd.ModulesDep) throws -> [String] {
        var order: [String] = []
        var visiting: Set<String> = []
        func visit(_ name: String) throws {
            // modules.dep writes '-' or '_' as the file has it; module names treat them alike.
            guard
                let record = dep.records[name] ?? dep.records[name.replacingUnderscores("-")]
                    ?? dep.records[name.replacingUnderscores("_")]
            else { throw SmokeError.noAnswer("the module \(name) in the dom0 kernel's modules.dep") }
            guard !order.contains(record.path), visiting.insert(record.path).inserted else { return }
            for d in record.dependencies { try visit(d) }
            order.append(record.path)
        }
        for name in names { try visit(name) }
        return order
    }

    /// The dom0 root image of the tree at `tree` (ext3, sized for the tree plus room for logs).
    public static func writeDom0Image(tree: String, to path: String) throws -> Ext.Summary {
        let root = try DirectorySource.read(tree)
        return try Ext.writeAutoSized(
            root, free: 256 << 20, options: options(label: "smoke-dom0", seed: "dom0"), to: path)
    }

    /// The guest disk: the guest's folder as `<name>/` (where the config's disk paths point once
    /// the disk is mounted at the image folder) and the control folder with `env`, `expect` and
    /// `fail` (each pattern on a line of its own, as grep -f reads it; an empty `fail`: none).
    public static func writeGuestDisk(
        guestFolder: String, name: String, environment: String, expect: String, fail: String, to path: String
    ) throws -> Ext.Summary {
        var tree = try DirectorySource.read(guestFolder)
        let folderNode = tree[Tree.rootID]
        let guestID = tree.add(folderNode)
        let now = folderNode.mtime
        let control = tree.add(Node(kind: .directory([:]), permissions: 0o755, mtime: now))
        tree[Tree.rootID] = Node(kind: .directory([:]), permissions: 0o755, mtime: now)
        try tree.link(try Name(name), in: Tree.rootID, to: guestID)
        try tree.link(try Name(SmokeScripts.controlFolder), in: Tree.rootID, to: control)
        let env = tree.add(Node(kind: .regular(.string(environment)), permissions: 0o644, mtime: now))
        let pattern = tree.add(Node(kind: .regular(.string(expect + "\n")), permissions: 0o644, mtime: now))
        try tree.link(try Name("env"), in: control, to: env)
        try tree.link(try Name("expect"), in: control, to: pattern)
        let failText = fail.isEmpty ? "" : fail + "\n"
        let failPattern = tree.add(Node(kind: .regular(.string(failText)), permissions: 0o644, mtime: now))
        try tree.link(try Name("fail"), in: control, to: failPattern)
        // Room for what the guest writes: its images are files in this filesystem, already full size.
        return try Ext.writeAutoSized(
            tree, free: 64 << 20, options: options(label: "smoke-guest", seed: name), to: path)
    }

    private static func options(label: String, seed: String) -> Ext.Options {
        Ext.Options(
            flavor: .ext3, blockSize: 4096,
            uuid: DiskIdentity.uuid(.filesystemUUID, guest: "builder-smoke-" + seed, device: label),
            hashSeed: DiskIdentity.uuid(.hashSeed, guest: "builder-smoke-" + seed, device: label),
            label: label, timestamp: Timestamp(seconds: 0), reservedPercent: 0)
    }
}

extension String {
    fileprivate func replacingUnderscores(_ with: Character) -> String {
        String(map { $0 == "_" || $0 == "-" ? with : $0 })
    }
}
