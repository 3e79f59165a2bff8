extension Recipe {
    static let filesystemDiskKeys = ["device", "mount", "size", "free", "fs", "blockSize", "label", "inodes", "swap"]
    static let swapDiskKeys = ["device", "swap", "size", "label"]

    static func decodeDisks(_ field: JSONField, _ issues: inout [RecipeIssue]) -> [Disk]? {
        guard let items = field.list(&issues) else { return nil }
        guard !items.isEmpty else {
            issues.append(RecipeIssue(field.path, "the list is empty; give at least the disk that mounts \"/\""))
            return nil
        }
        let disks = items.map { decodeDisk($0, &issues) }
        return disks.contains(where: { $0 == nil }) ? nil : disks.compactMap { $0 }
    }

    static func decodeDisk(_ field: JSONField, _ issues: inout [RecipeIssue]) -> Disk? {
        guard var obj = ObjectReader(field, &issues) else { return nil }
        let device = obj.required("device", "the guest's device name, e.g. \"sda1\"", &issues)
            .flatMap { decodeDevice($0, &issues) }
        let isSwap = obj.field("swap").flatMap { $0.bool(&issues) } ?? false
        let role: Disk.Role?
        if isSwap {
            role = decodeSwap(&obj, &issues).map { .swap($0) }
            for key in filesystemDiskKeys where !swapDiskKeys.contains(key) && obj.has(key) {
                obj.skip(key)
                issues.append(RecipeIssue(field.child(key), "not allowed on a swap disk; remove it (allowed: \(swapDiskKeys.joined(separator: ", ")))"))
            }
            obj.reportUnknownKeys(allowed: swapDiskKeys, &issues)
        } else {
            role = decodeFilesystem(&obj, &issues).map { .filesystem($0) }
            obj.reportUnknownKeys(allowed: filesystemDiskKeys, &issues)
        }
        guard let device, let role else { return nil }
        return Disk(device: device, role: role)
    }

    /// A Linux block device name for a partition as Xen guests see them: `sd`, `xvd` or `hd`,
    /// one or two disk letters, and a partition number from 1 (e.g. `sda1`, `xvdb2`, `hda15`).
    static func decodeDevice(_ field: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = field.string(&issues) else { return nil }
        if isPartitionDevice(s) { return s }
        var text = "found \(field.value.shortText); allowed: sdX, xvdX or hdX with a partition number, e.g. \"sda1\""
        if s.hasPrefix("/dev/") { text += " (without /dev/)" }
        issues.append(RecipeIssue(field.path, text))
        return nil
    }

    static func isPartitionDevice(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        let prefix = ["xvd", "sd", "hd"].first { b.starts(with: Array($0.utf8)) }
        guard let prefix else { return false }
        i = prefix.utf8.count
        let lettersStart = i
        while i < b.count, b[i] >= UInt8(ascii: "a"), b[i] <= UInt8(ascii: "z") { i += 1 }
        let letters = i - lettersStart
        let digits = b[i...]
        guard (1...2).contains(letters), (1...3).contains(digits.count),
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            digits.first != UInt8(ascii: "0")
        else { return false }
        return true
    }

    static func decodeSwap(_ obj: inout ObjectReader, _ issues: inout [RecipeIssue]) -> Disk.Swap? {
        let label = obj.field("label").flatMap { decodeLabel($0, &issues) } ?? ""
        guard let sizeField = obj.required("size", "a swap disk needs an explicit size, e.g. \"256M\"", &issues) else {
            return nil
        }
        guard case .some(.fixed(let size)) = decodeSize(sizeField, allowAuto: false, &issues) else { return nil }
        // The kernel's swap header describes whole pages; mkswap wants at least 10 of them.
        let page = UInt64(SwapImage.pageSize)
        guard size % page == 0, size >= 10 * page else {
            issues.append(RecipeIssue(sizeField.path, "found \(ByteSize.format(size)); a swap disk must be a whole number of \(page)-byte pages and at least \(10 * page / 1024) KiB"))
            return nil
        }
        return Disk.Swap(size: size, label: label)
    }

    static func decodeFilesystem(_ obj: inout ObjectReader, _ issues: inout [RecipeIssue]) -> Disk.Filesystem? {
        let path = obj.path
        let mount = obj.required("mount", "the folder the disk is mounted on, e.g. \"/\"; for swap, \"swap\": true", &issues)
            .flatMap { decodeMount($0, &issues) }
        let flavor = decodeFlavor(obj.field("fs"), &issues)
        let blockSize = decodeBlockSize(obj.field("blockSize"), &issues)
        let label = obj.field("label").flatMap { decodeLabel($0, &issues) } ?? ""
        let inodes = obj.field("inodes").flatMap { $0.integer(in: 16...UInt64(UInt32.max), &issues) }.map { UInt32($0) }
        let sizeField = obj.field("size")
        let size = sizeField.map { decodeSize($0, allowAuto: true, &issues) } ?? .auto(free: Disk.Filesystem.defaultFree)
        var free: UInt64? = nil
        if let freeField = obj.field("free") {
            switch size {
            case .auto?:
                if case .some(.fixed(let f)) = decodeSize(freeField, allowAuto: false, &issues) { free = f }
            case .fixed?:
                issues.append(RecipeIssue(freeField.path, "\"free\" applies only to \"size\": \"auto\"; remove it or set the size to \"auto\""))
            case nil:
                break
            }
        }
        guard let mount, let flavor, let blockSize, var size else { return nil }
        if case .auto = size, let free { size = .auto(free: free) }
        if case .fixed(let bytes) = size, bytes % UInt64(blockSize) != 0 {
            let lower = bytes / UInt64(blockSize) * UInt64(blockSize)
            issues.append(RecipeIssue(sizeField?.path ?? "\(path).size", "found \(ByteSize.format(bytes)), not a whole number of \(blockSize)-byte blocks; use a multiple of \(blockSize), e.g. \(lower)"))
            return nil
        }
        return Disk.Filesystem(mount: mount, size: size, flavor: flavor, blockSize: blockSize, label: label, inodes: inodes)
    }

    /// Mount points are written the one canonical way ("/", "/var/log"), so two disks cannot
    /// name the same folder in two spellings.
    static func decodeMount(_ field: JSONField, _ issues: inout [RecipeIssue]) -> GuestPath? {
        guard let s = field.string(&issues) else { return nil }
        guard s.hasPrefix("/"), let p = try? GuestPath(s), p.description == s else {
            var text = "found \(field.value.shortText); allowed: an absolute path such as \"/\" or \"/var/log\", without '.', '..', '//' or a trailing '/'"
            if let p = try? GuestPath(s), s.hasPrefix("/") { text += " (here: \"\(p)\")" }
            issues.append(RecipeIssue(field.path, text))
            return nil
        }
        // The mount point is a field of the guest's fstab line.
        if let reason = GuestFileSyntax.fstab.problem(in: s) {
            issues.append(RecipeIssue(field.path, "found \(field.value.shortText): \(reason); choose a mount point without blanks or control characters"))
            return nil
        }
        return p
    }

    static func decodeFlavor(_ field: JSONField?, _ issues: inout [RecipeIssue]) -> Ext.Flavor? {
        guard let field else { return .ext3 }
        guard let s = field.string(&issues) else { return nil }
        if let f = Ext.Flavor(rawValue: s) { return f }
        issues.append(RecipeIssue(field.path, "found \(field.value.shortText); allowed: \"ext3\" (with a journal) or \"ext2\""))
        return nil
    }

    static func decodeBlockSize(_ field: JSONField?, _ issues: inout [RecipeIssue]) -> Int? {
        guard let field else { return 4096 }
        guard case .number(let text) = field.value, let w = JSONField.wholeNumber(text), [1024, 2048, 4096].contains(w) else {
            issues.append(RecipeIssue(field.path, "found \(field.value.shortText); allowed: 1024, 2048 or 4096"))
            return nil
        }
        return Int(w)
    }

    /// ext2's s_volume_name and the swap header's label both hold 16 bytes.
    static func decodeLabel(_ field: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = field.string(&issues) else { return nil }
        guard s.utf8.count <= 16, !s.utf8.contains(0) else {
            issues.append(RecipeIssue(field.path, "found \(field.value.shortText) (\(s.utf8.count) bytes); allowed: at most 16 bytes"))
            return nil
        }
        return s
    }

    /// A size: bytes as a JSON integer, a string like "512M", or (where allowed) "auto".
    static func decodeSize(_ field: JSONField, allowAuto: Bool, _ issues: inout [RecipeIssue]) -> Disk.Size? {
        let allowed = ByteSize.allowed + (allowAuto ? ", or \"auto\"" : "")
        let bytes: UInt64
        switch field.value {
        case .string("auto") where allowAuto:
            return .auto(free: Disk.Filesystem.defaultFree)
        case .string(let s):
            do {
                bytes = try ByteSize.parse(s)
            } catch {
                let why = error == .tooLarge ? "too large" : "not a size"
                issues.append(RecipeIssue(field.path, "found \(field.value.shortText), \(why); allowed: \(allowed)"))
                return nil
            }
        case .number(let text):
            guard let n = JSONField.wholeNumber(text) else {
                issues.append(RecipeIssue(field.path, "found \(text); allowed: \(allowed)"))
                return nil
            }
            bytes = n
        default:
            issues.append(RecipeIssue(field.path, "found \(field.value.shortText); allowed: \(allowed)"))
            return nil
        }
        guard bytes > 0 else {
            issues.append(RecipeIssue(field.path, "found a size of 0; give a size above zero"))
            return nil
        }
        return .fixed(bytes)
    }
}
