#include "info.h"

#include <algorithm>
#include <cstdlib>

namespace libxl::device {

namespace {

std::optional<long> to_number(const std::optional<std::string>& s) {
  if (!s || s->empty()) return std::nullopt;
  char* end = nullptr;
  long n = std::strtol(s->c_str(), &end, 10);
  if (*end) return std::nullopt;
  return n;
}

}  // namespace

std::vector<int> devids(Context& ctx, Kind kind, DomId domid) {
  std::vector<int> out;
  auto names = ctx.store().directory("/libxl/" + std::to_string(domid) + "/device/" + std::string(to_string(kind)));
  if (!names) return out;
  for (const auto& n : *names) {
    if (auto v = to_number(n); v && *v >= 0) out.push_back(static_cast<int>(*v));
  }
  std::sort(out.begin(), out.end());
  return out;
}

DomId backend_domid_of(Context& ctx, Kind kind, DomId domid, int devid) {
  auto be = ctx.store().read(libxl_path(Ref{kind, domid, devid, 0}) + "/backend");
  // /local/domain/<backend>/backend/...
  const std::string prefix = "/local/domain/";
  if (!be || !be->starts_with(prefix)) return 0;
  auto id = to_number(be->substr(prefix.size(), be->find('/', prefix.size()) - prefix.size()));
  return id ? static_cast<DomId>(*id) : 0;
}

int FrontendView::number(const std::string& key) const {
  auto v = to_number(ctx->store().read(frontend + "/" + key));
  return v ? static_cast<int>(*v) : -1;
}

FrontendView frontend_view(Context& ctx, const Ref& d) {
  FrontendView v;
  v.ctx = &ctx;
  const std::string lx = libxl_path(d);
  v.frontend = ctx.store().read(lx + "/frontend").value_or(frontend_path(d));
  v.backend = ctx.store().read(lx + "/backend").value_or(backend_path(d));
  v.backend_id = static_cast<DomId>(to_number(ctx.store().read(v.frontend + "/backend-id")).value_or(0));
  v.state = static_cast<int>(to_number(ctx.store().read(v.frontend + "/state")).value_or(0));
  return v;
}

}  // namespace libxl::device
