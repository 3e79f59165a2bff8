/// The lines the smoke dom0 prints on its serial console (hvc0 → Xen's com1 → QEMU's serial file),
/// which the host scans. Every line the host reads starts with one of these prefixes, so kernel and
/// Xen messages in the same log can never be taken for them.
public enum SmokeMarker {
    /// A progress line of the dom0 script ("toolstack up", "xl create ...").
    public static let progress = "BUILDER-SMOKE: "
    /// A line of the guest's console (xenconsoled's log), carriage returns removed.
    public static let console = "BUILDER-SMOKE-CONSOLE: "
    /// A line of a dom0-side log: `xl create` output, xl's and the hotplug scripts' logs, `xl dmesg`.
    public static let dom0Log = "BUILDER-SMOKE-DOM0LOG: "
    /// `BUILDER-SMOKE-RESULT guest=NAME status=STATUS seconds=N`: the verdict for one guest.
    public static let result = "BUILDER-SMOKE-RESULT "
    /// `BUILDER-SMOKE-DONE rc=N`: dom0 has finished and is powering off.
    public static let done = "BUILDER-SMOKE-DONE "
}
