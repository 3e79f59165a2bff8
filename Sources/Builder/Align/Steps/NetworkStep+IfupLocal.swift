extension NetworkStep {
    static let ifupLocal = "/sbin/ifup-local"

    /// What builder puts in /sbin/ifup-local. ifup-post runs it with the interface name for every
    /// interface, `lo` included (initscripts-7.93.35 ifup-post l.105-106), hence the `eth*` guard.
    static let txChecksumOffBlock = """
        # builder: turn TX checksum offload off on Xen network interfaces; some xennet drivers
        # send bad TCP and UDP checksums (CentOS wiki HowTos/Xen/MoveNative2DomU).
        case "$1" in
        eth*) /sbin/ethtool -K "$1" tx off ;;
        esac

        """

    /// /sbin/ifup-local (mode 0755) with the HowTo's `ethtool -K $1 tx off`: a new script, or the
    /// block appended to the guest's own script (its owner kept, its mode made 0755).
    func writeIfupLocal(_ editor: inout TreeEditor, _ txChecksumOff: Bool) throws {
        guard txChecksumOff else {
            editor.note("TX checksum offload left on (the recipe turns the ifup-local fix off)")
            return
        }
        let path = Self.ifupLocal
        let existing = try editor.readText(path)
        if let existing, existing.contains("ethtool -K"), existing.contains("tx off") {
            try editor.writeText(path, existing, permissions: 0o755, detail: "mode 0755")
            editor.note("/sbin/ifup-local already turns TX checksum offload off")
        } else if let existing {
            let glue = existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n"
            try editor.writeText(
                path, existing + glue + Self.txChecksumOffBlock, permissions: 0o755,
                detail: "TX checksum offload off, appended to the guest's script")
        } else {
            try editor.writeText(
                path, "#!/bin/sh\n" + Self.txChecksumOffBlock, permissions: 0o755, owner: (0, 0),
                detail: "TX checksum offload off")
        }
        if editor.tree.resolve("/sbin/ethtool") == nil {
            editor.note(
                "the guest has no /sbin/ethtool, so ifup-local cannot turn TX checksum offload off; "
                    + "install the ethtool RPM in the guest")
        }
    }
}
