/// Chooses the DomU kernel, checks it, and does the kernel package's %post work that later steps
/// need in the tree: the static kernel file placed in /boot, and /lib/modules/VERSION/modules.dep.
///
/// Which kernel (§2 of the CentOS-4 facts; issue 4 point 3):
/// - `"kernel": {"image": FILE}`: that host file, placed at /boot/vmlinuz-VERSION (VERSION from
///   its "Linux version" banner, else from its file name); with `"boot": "static"` it boots
///   without initrd or modules.
/// - `"kernel": {"version": V}`: the tree's /boot/vmlinuz-V.
/// - otherwise (also after a recipe's kernel RPM was unpacked into the tree): the newest
///   /boot/vmlinuz-*xenU that has its /lib/modules/VERSION.
/// Every chosen kernel is analysed (`KernelImage`) and checked against the recipe's hypervisor
/// (`KernelCheck`) before any image is written.
public struct KernelStep: AlignStep {
    public let name = "kernel"
    /// The choice already made (the pipeline chooses first, since later steps need the kernel);
    /// nil: the step chooses itself.
    let selection: Selection?

    public init(selection: Selection? = nil) { self.selection = selection }

    /// The chosen kernel, what it is, and what the report should warn about.
    public struct Selection: Sendable, Equatable {
        public var kernel: GuestKernel
        public var image: KernelImage
        public var warnings: [String]
        /// The host file to place at `kernel.imagePath` (a recipe's kernel image); nil when the
        /// kernel is already in the tree.
        public var hostImage: String?
    }

    /// The kernel later steps use (initrd, menu.lst, console); throws when there is none or it
    /// cannot boot on the recipe's hypervisor.
    public static func choose(_ tree: Tree, settings: AlignSettings, facts: GuestFacts) throws -> GuestKernel {
        try select(tree, settings: settings, facts: facts).kernel
    }

    public static func select(_ tree: Tree, settings: AlignSettings, facts: GuestFacts) throws -> Selection {
        let k = settings.kernel
        let isStatic = k.boot == .static
        var hostImage: String?
        let version: String
        let image: KernelImage
        let name: String
        if let file = k.image {
            let resolved = try HostPaths.resolvingLinks(file)
            let bytes = try HostPaths.readAll(resolved)
            let bare = try KernelImage.analyse(bytes, name: file)
            version = bare.version ?? versionFromFileName(file)
            // Its config, when it has none inside: the config-VERSION file beside it on the host, as
            // kernel packages ship it, else the tree's own /boot/config-VERSION.
            let config = KernelImage.siblingConfig(of: file)
                ?? configText(tree, version: version).map { (text: $0, source: "/boot/config-\(version)") }
            image = bare.configSource == nil && config != nil ? try KernelImage.analyse(bytes, name: file, config: config) : bare
            name = file
            hostImage = resolved
            if !isStatic && tree.lookup("/lib/modules/\(version)") == nil {
                throw Error.imageWithoutModules(image: file, version: version)
            }
        } else {
            version = try k.version ?? newestXenKernel(tree)
            let path = "/boot/vmlinuz-\(version)"
            guard let id = tree.resolve(path), case .regular = tree[id].kind else {
                throw Error.versionNotFound(version: version, found: kernelsFound(tree))
            }
            name = path
            let config = configText(tree, version: version).map { (text: $0, source: "/boot/config-\(version)") }
            image = try KernelImage.analyse(tree.bytes(of: id), name: path, config: config)
        }

        if facts.architecture == .x86_64 && image.machine == ELFFile.machine386 {
            throw Error.kernelNarrowerThanTree(kernel: name)
        }
        let warnings = try KernelCheck.check(
            image, kernel: name, capabilities: settings.hypervisor, staticBoot: isStatic)
        let abi = image.abi(on: settings.hypervisor) ?? image.abi
        let kernel = GuestKernel(
            version: version, imagePath: try GuestPath("/boot/vmlinuz-\(version)"),
            initrdPath: isStatic ? nil : try GuestPath("/boot/initrd-\(version).img"), abi: abi,
            console: console(version: version, image: image), isStatic: isStatic)
        return Selection(kernel: kernel, image: image, warnings: warnings, hostImage: hostImage)
    }

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        let selection = try self.selection
            ?? KernelStep.select(editor.tree, settings: context.settings, facts: context.facts)
        let kernel = selection.kernel
        if let host = selection.hostImage {
            let file = try HostFile.openForReading(host)
            let size = try file.size()
            try file.close()
            let content = Content(source: .hostFile(path: host, offset: 0), size: size)
            try editor.place(
                .regular(content), at: kernel.imagePath.description, permissions: 0o644,
                detail: "kernel \(kernel.version) from \(context.settings.kernel.image ?? host)")
        }
        if !kernel.isStatic {
            let depPath = "/lib/modules/\(kernel.version)/modules.dep"
            if try KernelStep.needsModulesDep(editor.readText(depPath), fromRPM: context.settings.kernel.rpm != nil) {
                let text = try ModuleDependencies.modulesDep(editor.tree, version: kernel.version)
                try editor.writeText(depPath, text, detail: "module dependencies, as depmod writes them")
            }
        }
        editor.note(KernelStep.summary(selection))
        for w in selection.warnings { editor.warn(w) }
    }

    /// modules.dep is written when it is missing, when the kernel came from a recipe's RPM (whose
    /// %post depmod never ran), or when it has relative paths (modern depmod's format, in which
    /// mkinitrd 4's awk finds no dependencies).
    static func needsModulesDep(_ existing: String?, fromRPM: Bool) -> Bool {
        guard let existing, !fromRPM else { return true }
        return existing.split(separator: "\n").contains { !$0.isEmpty && !$0.hasPrefix("/") && !$0.hasPrefix("\t") && !$0.hasPrefix("#") }
    }

    /// "kernel 2.6.9-55.ELxenU: xen-3.0-x86_32p (__xen_guest section), xenblk module, xennet module, console xvc0".
    static func summary(_ s: Selection) -> String {
        let k = s.kernel
        return "kernel \(k.version)\(k.isStatic ? " (static)" : ""): \(k.abi) (\(s.image.xen.source.rawValue)), "
            + "xenblk \(s.image.blockFrontend.rawValue), xennet \(s.image.netFrontend.rawValue), console \(k.console)"
    }

    /// hvc0 for pv_ops kernels (2.6.26 and later, or CONFIG_HVC_XEN=y); xvc0 for the 2.6.9–2.6.18
    /// Xen kernels of RHEL4 and RHEL5 (their installers use /dev/xvc0, §2 of the facts).
    static func console(version: String, image: KernelImage) -> String {
        if image.hvcXen == true { return "hvc0" }
        if let (a, b, c) = KernelVersion.triple(version), (a, b, c) >= (2, 6, 26) { return "hvc0" }
        return "xvc0"
    }

    /// "vmlinuz-2.6.9-55.ELxenU" → "2.6.9-55.ELxenU"; other names as they are.
    static func versionFromFileName(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        for prefix in ["vmlinuz-", "vmlinux-", "bzImage-"] where base.hasPrefix(prefix) && base.count > prefix.count {
            return String(base.dropFirst(prefix.count))
        }
        return base
    }

    static func configText(_ tree: Tree, version: String) -> String? {
        guard let id = tree.resolve("/boot/config-\(version)"), case .regular = tree[id].kind,
            let bytes = try? tree.bytes(of: id)
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The newest /boot/vmlinuz-*xenU that has a /lib/modules/VERSION folder.
    static func newestXenKernel(_ tree: Tree) throws -> String {
        let candidates = bootKernels(tree).filter { v in
            v.hasSuffix("xenU") && tree.resolve("/lib/modules/\(v)").map { tree[$0].isDirectory } == true
        }
        guard let newest = candidates.max(by: { KernelVersion.isOlder($0, than: $1) }) else {
            throw Error.noXenKernel(found: kernelsFound(tree))
        }
        return newest
    }

    /// Versions of the /boot/vmlinuz-VERSION files.
    static func bootKernels(_ tree: Tree) -> [String] {
        guard let boot = tree.resolve("/boot"), let entries = tree[boot].entries else { return [] }
        return entries.keys.map(\.description).filter { $0.hasPrefix("vmlinuz-") }.map { String($0.dropFirst(8)) }.sorted()
    }

    /// What the tree holds, for messages: vmlinuz versions and /lib/modules folders.
    static func kernelsFound(_ tree: Tree) -> [String] {
        var found = bootKernels(tree).map { "/boot/vmlinuz-\($0)" }
        if let mods = tree.resolve("/lib/modules"), let entries = tree[mods].entries {
            found += entries.keys.map { "/lib/modules/\($0)" }.sorted()
        }
        return found
    }
}
