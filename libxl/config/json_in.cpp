#include "json_in.h"

#include <array>

namespace libxl::config {

namespace {

// Every value of each enum the configuration reads; its name comes from
// to_string, so the names live in one place.
template <class E>
constexpr auto kValues = std::array<E, 0>{};
template <> constexpr auto kValues<DomainType> = std::array{DomainType::Invalid, DomainType::Hvm, DomainType::Pv, DomainType::Pvh};
template <> constexpr auto kValues<ActionOnShutdown> = std::array{
    ActionOnShutdown::Destroy, ActionOnShutdown::Restart, ActionOnShutdown::RestartRename,
    ActionOnShutdown::Preserve, ActionOnShutdown::CoredumpDestroy, ActionOnShutdown::CoredumpRestart,
    ActionOnShutdown::SoftReset};
template <> constexpr auto kValues<Passthrough> = std::array{
    Passthrough::Default, Passthrough::Disabled, Passthrough::Enabled, Passthrough::SyncPt, Passthrough::SharePt};
template <> constexpr auto kValues<TscMode> = std::array{
    TscMode::Default, TscMode::AlwaysEmulate, TscMode::Native, TscMode::NativeParavirt};
template <> constexpr auto kValues<TimerMode> = std::array{
    TimerMode::Unknown, TimerMode::DelayForMissedTicks, TimerMode::NoDelayForMissedTicks,
    TimerMode::NoMissedTicksPending, TimerMode::OneMissedTickPending};
template <> constexpr auto kValues<BiosType> = std::array{BiosType::Unknown, BiosType::Rombios, BiosType::Seabios, BiosType::Ovmf};
template <> constexpr auto kValues<Scheduler> = std::array{
    Scheduler::Unknown, Scheduler::Sedf, Scheduler::Credit, Scheduler::Credit2, Scheduler::Arinc653,
    Scheduler::Rtds, Scheduler::Null};
template <> constexpr auto kValues<DeviceModelVersion> = std::array{
    DeviceModelVersion::Unknown, DeviceModelVersion::QemuXenTraditional, DeviceModelVersion::QemuXen};
template <> constexpr auto kValues<VgaInterfaceType> = std::array{
    VgaInterfaceType::Unknown, VgaInterfaceType::Cirrus, VgaInterfaceType::Std, VgaInterfaceType::None,
    VgaInterfaceType::Qxl};
template <> constexpr auto kValues<VendorDevice> = std::array{VendorDevice::None, VendorDevice::Xenserver};
template <> constexpr auto kValues<HdType> = std::array{HdType::Ide, HdType::Ahci};
template <> constexpr auto kValues<GfxPassthruKind> = std::array{GfxPassthruKind::Default, GfxPassthruKind::Igd};
template <> constexpr auto kValues<TeeType> = std::array{TeeType::None, TeeType::Optee};
template <> constexpr auto kValues<AltP2mMode> = std::array{
    AltP2mMode::Disabled, AltP2mMode::Mixed, AltP2mMode::External, AltP2mMode::Limited};
template <> constexpr auto kValues<GicVersion> = std::array{GicVersion::Default, GicVersion::V2, GicVersion::V3};
template <> constexpr auto kValues<VuartType> = std::array{VuartType::Unknown, VuartType::SbsaUart};
template <> constexpr auto kValues<devices::RdmStrategy> = std::array{devices::RdmStrategy::Ignore, devices::RdmStrategy::Host};
template <> constexpr auto kValues<devices::RdmPolicy> = std::array{
    devices::RdmPolicy::Invalid, devices::RdmPolicy::Strict, devices::RdmPolicy::Relaxed};
template <> constexpr auto kValues<devices::DiskBackend> = std::array{
    devices::DiskBackend::Unknown, devices::DiskBackend::Phy, devices::DiskBackend::Tap,
    devices::DiskBackend::Qdisk, devices::DiskBackend::Standalone};
template <> constexpr auto kValues<devices::DiskFormat> = std::array{
    devices::DiskFormat::Unknown, devices::DiskFormat::Qcow, devices::DiskFormat::Qcow2,
    devices::DiskFormat::Vhd, devices::DiskFormat::Raw, devices::DiskFormat::Empty, devices::DiskFormat::Qed};
template <> constexpr auto kValues<devices::DiskSpecification> = std::array{
    devices::DiskSpecification::Unknown, devices::DiskSpecification::Xen, devices::DiskSpecification::Virtio};
template <> constexpr auto kValues<devices::DiskTransport> = std::array{
    devices::DiskTransport::Unknown, devices::DiskTransport::Mmio};
template <> constexpr auto kValues<devices::NicType> = std::array{
    devices::NicType::Unknown, devices::NicType::VifIoemu, devices::NicType::Vif};

}  // namespace

template <class E>
std::optional<E> enum_from_string(std::string_view s) {
  static_assert(kValues<E>.size() > 0, "no value list for this enum");
  for (E v : kValues<E>)
    if (to_string(v) == s) return v;
  return std::nullopt;
}

void JsonIn::cpuid(CpuidPolicy& p) {
  const json::Node* n = member("cpuid", json::Node::Kind::Object, "an object");
  if (!n) return;
  p.present = true;
  p.leaves.clear();
  const json::Node* leaves = n->find("cpuid");
  if (!leaves || leaves->kind == json::Node::Kind::Null) return;
  if (leaves->kind != json::Node::Kind::Array) return fail("cpuid.cpuid", "expected an array");
  static constexpr std::string_view kRegs[] = {"eax", "ebx", "ecx", "edx"};
  for (std::size_t i = 0; i < leaves->items.size(); ++i) {
    const std::string at = sub_path("cpuid.cpuid") + "[" + std::to_string(i) + "]";
    if (leaves->items[i].kind != json::Node::Kind::Object) return fail_at(at, "expected an object");
    JsonIn leaf(leaves->items[i], at, err_);
    CpuidLeaf& l = p.leaves.emplace_back();
    leaf.number("leaf", l.leaf, 0);
    leaf.number("subleaf", l.subleaf, kCpuidInputUnused);
    for (std::size_t r = 0; r < 4; ++r) leaf.field(kRegs[r], l.regs[r]);
  }
}

void JsonIn::build_type(DomainBuildInfo& b) {
  // The union's member is named by its key; c_info.type says the same.
  for (auto t : {DomainType::Hvm, DomainType::Pv, DomainType::Pvh}) {
    const std::string key = "type." + std::string(to_string(t));
    if (!member(key)) continue;
    b.type = t;
    switch (t) {
      case DomainType::Hvm: object(key, [&](auto& o) { fields(o, b.hvm); }); break;
      case DomainType::Pv: object(key, [&](auto& o) { fields(o, b.pv); }); break;
      default: object(key, [&](auto& o) { fields(o, b.pvh); }); break;
    }
    return;
  }
}

void JsonIn::paths(std::string_view k, std::vector<std::string>& items) {
  const json::Node* n = member(k, json::Node::Kind::Array, "an array");
  if (!n) return;
  items.clear();
  for (const auto& i : n->items) {
    const json::Node* path = i.kind == json::Node::Kind::Object ? i.find("path") : nullptr;
    if (!path || path->kind != json::Node::Kind::String) return fail(k, "expected [{\"path\": ...}]");
    items.push_back(path->text);
  }
}

std::expected<DomainConfig, std::string> domain_config_from_json(const std::string& text) {
  std::string err;
  auto root = json::parse(text, err);
  if (!root) return std::unexpected("not JSON: " + err);
  if (root->kind != json::Node::Kind::Object) return std::unexpected(std::string("not a JSON object"));
  DomainConfig d;
  JsonIn in(*root, "", err);
  fields(in, d);
  if (!err.empty()) return std::unexpected(err);
  // The union and the type agree, as libxl requires.
  if (d.c_info.type != DomainType::Invalid && d.b_info.type != DomainType::Invalid &&
      d.c_info.type != d.b_info.type)
    return std::unexpected("c_info.type is \"" + std::string(to_string(d.c_info.type)) +
                           "\" but b_info has \"type." + std::string(to_string(d.b_info.type)) + "\"");
  if (d.b_info.type == DomainType::Invalid) d.b_info.type = d.c_info.type;
  return d;
}

}  // namespace libxl::config
