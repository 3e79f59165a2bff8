/// Runs the alignment a recipe's profile asks for, in the order the steps depend on each other.
public enum Alignment {
    /// The aligned tree, every change made (in order), and the DomU kernel (nil for profile none).
    public struct Result: Sendable {
        public var tree: Tree
        public var changes: [TreeChange]
        public var kernel: GuestKernel?
        /// What the kernel is, as analysed when it was chosen (nil for profile none).
        public var kernelImage: KernelImage?
        public var profile: Recipe.Profile
        public var facts: GuestFacts
    }

    /// `auto` becomes `centos4` when /etc/redhat-release names CentOS or RHEL 4, `modern` when the
    /// tree holds a pv_ops kernel (2.6.37 or later, `GuestFacts.isModern`), else `none`.
    public static func resolve(_ profile: Recipe.Profile, facts: GuestFacts) -> Recipe.Profile {
        guard profile == .auto else { return profile }
        if facts.isCentOS4 { return .centos4 }
        return facts.isModern ? .modern : .none
    }

    public static func run(
        _ tree: Tree, profile: Recipe.Profile, settings: AlignSettings, disks: [GuestDisk], time: Timestamp
    ) throws -> Result {
        let facts = GuestFacts.detect(tree)
        let resolved = resolve(profile, facts: facts)
        var context = AlignContext(settings: settings, facts: facts, disks: disks, time: time)
        var tree = tree
        var changes: [TreeChange] = [detectionNote(facts, profile: profile, resolved: resolved)]
        var kernelImage: KernelImage?
        func step(_ s: AlignStep) throws {
            let (t, c) = try s.run(on: tree, context: context)
            tree = t
            changes += c
        }
        switch resolved {
        case .none, .auto:
            try step(CustomiseStep())
        case .centos4:
            // The kernel comes first: the initrd, the boot menu and the console follow from it.
            let selection = try KernelStep.select(tree, settings: settings, facts: facts)
            context.kernel = selection.kernel
            kernelImage = selection.image
            try step(KernelStep(selection: selection))
            try step(FstabStep())
            try step(NetworkStep())
            try step(ConsoleStep())
            try step(TLSStep())
            try step(DevNodesStep())
            try step(CustomiseStep())
            // After fstab and modprobe.conf: the initrd reads both.
            try step(InitrdStep())
            try step(MenuLstStep())
            try step(FstabDevicesCheck())
            // Last: a relabel covers every file the steps above wrote.
            try step(SELinuxStep())
        case .modern:
            try ModernDisks.check(disks)
            let selection = try ModernKernelStep.select(tree, settings: settings, facts: facts)
            context.kernel = selection.kernel
            kernelImage = selection.chosen.image
            try step(ModernKernelStep(selection: selection))
            try step(ModernFstabStep())
            try step(ModernNetworkStep())
            try step(ModernConsoleStep())
            try step(CustomiseStep())
            try step(ModernMenuStep())
            try step(FstabDevicesCheck())
        }
        return Result(
            tree: tree, changes: changes, kernel: context.kernel, kernelImage: kernelImage, profile: resolved, facts: facts)
    }

    static func detectionNote(_ f: GuestFacts, profile: Recipe.Profile, resolved: Recipe.Profile) -> TreeChange {
        var parts: [String] = []
        parts.append(f.release.map { "release \"\($0)\"" } ?? "no /etc/redhat-release")
        if let a = f.architecture { parts.append("architecture \(a.rawValue)") }
        if !f.kernels.isEmpty { parts.append("kernels \(f.kernels.joined(separator: ", "))") }
        if let s = f.selinux { parts.append("SELinux \(s.rawValue)") }
        if f.separateBoot { parts.append("native /boot partition") }
        let how = profile == .auto ? "profile \(resolved.rawValue) (auto)" : "profile \(resolved.rawValue)"
        return TreeChange(step: "detect", action: .note, path: nil, detail: "\(how): " + parts.joined(separator: "; "))
    }
}
